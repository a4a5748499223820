import { useQuery } from '@apollo/client/react';
import { Link } from 'react-router';
import { Before } from '../components/before';
import { DataTable } from '../components/table';
import { MONEY } from '../api/fragments';
import { PageHeading, StatusBadge } from '../components/page';
import { PdfLink } from '../components/pdf-link';
import { graphql } from '../graphql';
import { useFormat, useT } from '../i18n/i18n';

const INVOICES = graphql(
  `
    query PortalInvoices {
      invoices(first: 20) {
        edges {
          node {
            id
            number
            issueDate
            dueDate
            status
            overdue
            total {
              ...PortalMoney
            }
            balance {
              ...PortalMoney
            }
          }
        }
      }
    }
  `,
  [MONEY],
);

export type InvoiceStatusValue = 'OPEN' | 'PAID' | 'PARTIALLY_PAID' | 'VOID';

export function InvoiceStatus({ status, overdue }: { status: InvoiceStatusValue; overdue: boolean }) {
  const t = useT();
  if (overdue && (status === 'OPEN' || status === 'PARTIALLY_PAID'))
    return <StatusBadge label={`${t(`invoiceStatus.${status}`)} · ${t('invoices.overdue')}`} tone="bad" />;
  return (
    <StatusBadge
      label={t(`invoiceStatus.${status}`)}
      tone={status === 'PAID' ? 'good' : status === 'VOID' ? 'neutral' : 'attention'}
    />
  );
}

/** The last 20 invoices, newest first, each with its PDF. */
export default function Invoices() {
  const t = useT();
  const format = useFormat();
  const { data, error } = useQuery(INVOICES, { fetchPolicy: 'cache-and-network' });
  if (!data) return <Before error={error} />;
  const invoices = data.invoices.edges.map((e) => e.node);

  return (
    <>
      <PageHeading title={t('invoices.title')} />
      <section className="card">
        <DataTable
          caption={t('invoices.caption')}
          rows={invoices}
          rowKey={(i) => i.id}
          empty={t('invoices.none')}
          columns={[
            { header: t('invoices.number'), cell: (i) => <Link to={`/invoices/${i.id}`}>{i.number}</Link> },
            { header: t('invoices.issueDate'), cell: (i) => format.date(i.issueDate) },
            { header: t('invoices.dueDate'), cell: (i) => format.date(i.dueDate) },
            { header: t('invoices.status'), cell: (i) => <InvoiceStatus status={i.status} overdue={i.overdue} /> },
            { header: t('invoices.total'), numeric: true, cell: (i) => format.money(i.total) },
            { header: t('invoices.balance'), numeric: true, cell: (i) => format.money(i.balance) },
            {
              header: t('invoices.pdfColumn'),
              cell: (i) => (
                <PdfLink
                  path={`/invoices/${i.id}.pdf`}
                  fileName={i.number}
                  label={t('invoices.pdfOf', { number: i.number })}
                />
              ),
            },
          ]}
        />
      </section>
    </>
  );
}
