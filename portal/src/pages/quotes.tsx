import { useQuery } from '@apollo/client/react';
import { Link } from 'react-router';
import { Before } from '../components/before';
import { DataTable } from '../components/table';
import { MONEY } from '../api/fragments';
import { PageHeading, StatusBadge } from '../components/page';
import { graphql } from '../graphql';
import { useFormat, useT } from '../i18n/i18n';

const QUOTES = graphql(
  `
    query PortalQuotes {
      quotes(first: 50) {
        edges {
          node {
            id
            number
            revision
            status
            expiresOn
            sentAt
            total {
              ...PortalMoney
            }
          }
        }
      }
    }
  `,
  [MONEY],
);

export type QuoteStatusValue = 'ACCEPTED' | 'DRAFT' | 'EXPIRED' | 'REJECTED' | 'SENT' | 'SUPERSEDED' | 'WITHDRAWN';

export function quoteTone(status: QuoteStatusValue): 'good' | 'bad' | 'neutral' | 'attention' {
  if (status === 'SENT') return 'attention';
  if (status === 'ACCEPTED') return 'good';
  if (status === 'REJECTED' || status === 'EXPIRED') return 'bad';
  return 'neutral';
}

/** The account's quotes: those waiting for a decision first. */
export default function Quotes() {
  const t = useT();
  const format = useFormat();
  const { data, error } = useQuery(QUOTES, { fetchPolicy: 'cache-and-network' });
  if (!data) return <Before error={error} />;
  const quotes = data.quotes.edges.map((e) => e.node);
  const pending = quotes.filter((q) => q.status === 'SENT');
  const others = quotes.filter((q) => q.status !== 'SENT');
  const ordered = [...pending, ...others];

  return (
    <>
      <PageHeading title={t('quotes.title')} />
      <section className="card">
        {pending.length > 0 && <p>{t('quotes.pendingCount', { count: pending.length })}</p>}
        <DataTable
          caption={t('quotes.title')}
          rows={ordered}
          rowKey={(q) => q.id}
          empty={t('quotes.none')}
          columns={[
            { header: t('quotes.number'), cell: (q) => <Link to={`/quotes/${q.id}`}>{q.number}</Link> },
            {
              header: t('quotes.status'),
              cell: (q) => <StatusBadge label={t(`quoteStatus.${q.status}`)} tone={quoteTone(q.status)} />,
            },
            { header: t('quotes.expiresOn'), cell: (q) => format.date(q.expiresOn) },
            { header: t('quotes.total'), numeric: true, cell: (q) => format.money(q.total) },
          ]}
        />
      </section>
    </>
  );
}
