import { useQuery } from '@apollo/client/react';
import { Link } from 'react-router';
import { ErrorNotice } from '../components/errors';
import { Loading, PageHeading, StatusBadge } from '../components/page';
import { graphql } from '../graphql';
import { useFormat, useT } from '../i18n/i18n';

const REQUESTS = graphql(`
  query PortalServiceRequests {
    serviceRequests(first: 100) {
      edges {
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
  const { data, error } = useQuery(REQUESTS, { fetchPolicy: 'cache-and-network' });
  const heading = <PageHeading title={t('requests.title')} />;
  if (error && !data)
    return (
      <>
        {heading}
        <ErrorNotice error={error} />
      </>
    );
  if (!data)
    return (
      <>
        {heading}
        <Loading />
      </>
    );
  const requests = data.serviceRequests.edges.map((e) => e.node);
  return (
    <>
      {heading}
      <p>{t('requests.intro')}</p>
      <p>
        <Link className="button primary" to="/requests/new">
          {t('requests.new')}
        </Link>
      </p>
      <section className="card" aria-labelledby="requests-list">
        <h2 id="requests-list">{t('requests.list')}</h2>
        {requests.length === 0 ? (
          <p>{t('requests.none')}</p>
        ) : (
          <div className="table-scroll">
            <table>
              <caption className="visually-hidden">{t('requests.list')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('requests.reference')}</th>
                  <th scope="col">{t('requests.subject')}</th>
                  <th scope="col">{t('requests.type')}</th>
                  <th scope="col">{t('requests.status')}</th>
                  <th scope="col">{t('requests.filed')}</th>
                  <th scope="col">{t('requests.updated')}</th>
                </tr>
              </thead>
              <tbody>
                {requests.map((r) => (
                  <tr key={r.id}>
                    <td>
                      <Link to={`/requests/${r.id}`}>{r.reference}</Link>
                    </td>
                    <td>{r.subject}</td>
                    <td>{t(`requestType.${r.type}`)}</td>
                    <td>
                      <StatusBadge label={t(`requestStatus.${r.status}`)} tone={requestTone(r.status)} />
                    </td>
                    <td>{format.dateTime(r.createdAt)}</td>
                    <td>{format.dateTime(r.updatedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
