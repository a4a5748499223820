import { useQuery } from '@apollo/client/react';
import { Link } from 'react-router';
import { useRole } from '../api/role';
import { Before } from '../components/before';
import { PageHeading, StatusBadge } from '../components/page';
import { MoreButton } from '../components/more';
import { RoleNote } from '../components/role-note';
import { DataTable } from '../components/table';
import { graphql } from '../graphql';
import { useFormat, useT } from '../i18n/i18n';

const REQUESTS = graphql(`
  query PortalServiceRequests($after: String) {
    serviceRequests(first: 20, after: $after) {
      edges {
        cursor
        node {
          id
          reference
          type
          status
          subject
          createdAt
          updatedAt
        }
      }
      pageInfo {
        endCursor
        hasNextPage
      }
    }
  }
`);

/** How a request's status reads: words, with a tone that only repeats them. */
export function requestTone(status: string): 'good' | 'bad' | 'neutral' | 'attention' {
  if (status === 'RESOLVED') return 'good';
  if (status === 'DECLINED') return 'bad';
  if (status === 'IN_PROGRESS') return 'attention';
  return 'neutral';
}

/** The account's requests to Corporate Account Services, newest first, with their status. */
export default function Requests() {
  const t = useT();
  const format = useFormat();
  const { manage } = useRole();
  const { data, error, fetchMore } = useQuery(REQUESTS, {
    variables: { after: null },
    fetchPolicy: 'cache-and-network',
  });
  const heading = <PageHeading title={t('requests.title')} />;
  if (!data)
    return (
      <>
        {heading}
        <Before error={error} />
      </>
    );
  const requests = data.serviceRequests.edges.map((e) => e.node);
  return (
    <>
      {heading}
      <p>{t('requests.intro')}</p>
      {manage ? (
        <p>
          <Link className="button primary" to="/requests/new">
            {t('requests.new')}
          </Link>
        </p>
      ) : (
        <RoleNote />
      )}
      <section className="card" aria-labelledby="requests-list">
        <h2 id="requests-list">{t('requests.list')}</h2>
        <DataTable
          caption={t('requests.list')}
          rows={requests}
          rowKey={(r) => r.id}
          empty={t('requests.none')}
          columns={[
            { header: t('requests.reference'), cell: (r) => <Link to={`/requests/${r.id}`}>{r.reference}</Link> },
            { header: t('requests.subject'), cell: (r) => r.subject },
            { header: t('requests.type'), cell: (r) => t(`requestType.${r.type}`) },
            {
              header: t('requests.status'),
              cell: (r) => <StatusBadge label={t(`requestStatus.${r.status}`)} tone={requestTone(r.status)} />,
            },
            { header: t('requests.filed'), cell: (r) => format.dateTime(r.createdAt) },
            { header: t('requests.updated'), cell: (r) => format.dateTime(r.updatedAt) },
          ]}
        />
        <MoreButton pageInfo={data.serviceRequests.pageInfo} fetchMore={fetchMore} />
      </section>
    </>
  );
}
