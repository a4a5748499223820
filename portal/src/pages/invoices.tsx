import { useQuery } from '@apollo/client/react';
import { Link } from 'react-router';
import { ErrorNotice } from '../components/errors';
import { Loading, PageHeading, StatusBadge } from '../components/page';
import { PdfLink } from '../components/pdf-link';
import { graphql } from '../graphql';
import { useFormat, useT } from '../i18n/i18n';

const INVOICES = graphql(`
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
            amountMinor
            currency
          }
          balance {
            amountMinor
            currency
          }
        }
      }
    }
  }
`);

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
  if (error && !data) return <ErrorNotice error={error} />;
  if (!data) return <Loading />;
  const invoices = data.invoices.edges.map((e) => e.node);

  return (
    <>
      <PageHeading title={t('invoices.title')} />
      <section className="card">
        {invoices.length === 0 ? (
          <p>{t('invoices.none')}</p>
        ) : (
          <div className="table-scroll">
            <table>
              <caption className="visually-hidden">{t('invoices.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('invoices.number')}</th>
                  <th scope="col">{t('invoices.issueDate')}</th>
                  <th scope="col">{t('invoices.dueDate')}</th>
                  <th scope="col">{t('invoices.status')}</th>
                  <th scope="col" className="number">
                    {t('invoices.total')}
                  </th>
                  <th scope="col" className="number">
                    {t('invoices.balance')}
                  </th>
                  <th scope="col">{t('invoices.pdfColumn')}</th>
                </tr>
              </thead>
              <tbody>
                {invoices.map((i) => (
                  <tr key={i.id}>
                    <td>
                      <Link to={`/invoices/${i.id}`}>{i.number}</Link>
                    </td>
                    <td>{format.date(i.issueDate)}</td>
                    <td>{format.date(i.dueDate)}</td>
                    <td>
                      <InvoiceStatus status={i.status} overdue={i.overdue} />
                    </td>
                    <td className="number">{format.money(i.total)}</td>
                    <td className="number">{format.money(i.balance)}</td>
                    <td>
                      <PdfLink
                        path={`/invoices/${i.id}.pdf`}
                        fileName={i.number}
                        label={t('invoices.pdfOf', { number: i.number })}
                      />
                    </td>
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
