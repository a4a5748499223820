import { useQuery } from '@apollo/client/react';
import { Link } from 'react-router';
import { Before } from '../components/before';
import { DataTable, Facts } from '../components/table';
import { BILL_TO_FIELDS, MONEY } from '../api/fragments';
import { useRole } from '../api/role';
import { Address } from '../components/address';
import { PageHeading, StatusBadge } from '../components/page';
import { graphql } from '../graphql';
import { useFormat, useT } from '../i18n/i18n';

const OVERVIEW = graphql(
  `
    query PortalOverview {
      account {
        id
        accountNumber
        organisationName
        status
        billingFrequency
        paymentTermsDays
        billTo {
          ...PortalBillToFields
        }
        subscription {
          id
          status
          termStart
          termEnd
          autoRenew
          cancelAtTermEnd
          items {
            id
            seats
            product {
              id
              name
              code
            }
          }
        }
        purchaseOrders {
          id
          number
          expiresOn
          expiresSoon
          status
          deactivated
        }
      }
      quotes(filter: { status: SENT }, first: 5) {
        totalCount
        edges {
          node {
            id
            number
            expiresOn
            total {
              ...PortalMoney
            }
          }
        }
      }
      invoices(first: 20) {
        edges {
          node {
            id
            number
            dueDate
            status
            overdue
            balance {
              ...PortalMoney
            }
          }
        }
      }
    }
  `,
  [MONEY, BILL_TO_FIELDS],
);

/** The account at a glance: who it is, what it subscribes to, what needs doing, where the invoices go. */
export default function Overview() {
  const t = useT();
  const format = useFormat();
  const { manage } = useRole();
  const { data, error } = useQuery(OVERVIEW, { fetchPolicy: 'cache-and-network' });
  if (!data) return <Before error={error} />;
  const { account, quotes, invoices } = data;
  const subscription = account.subscription;
  const due = invoices.edges
    .map((e) => e.node)
    .filter((i) => i.status !== 'VOID' && i.status !== 'PAID' && i.balance.amountMinor > 0);
  const expiring = account.purchaseOrders.filter((po) => po.expiresSoon && !po.deactivated);
  const nothing = quotes.totalCount === 0 && due.length === 0 && expiring.length === 0;

  return (
    <>
      <PageHeading title={t('overview.title')} />
      <div className="grid">
        <section className="card" aria-labelledby="overview-account">
          <h2 id="overview-account">{t('overview.account')}</h2>
          <Facts
            items={[
              [t('overview.organisation'), account.organisationName],
              [t('overview.accountNumber'), account.accountNumber],
              [
                t('overview.status'),
                <StatusBadge
                  label={t(`accountStatus.${account.status}`)}
                  tone={account.status === 'ACTIVE' ? 'good' : 'bad'}
                />,
              ],
              [t('overview.billingFrequency'), t(`billingFrequency.${account.billingFrequency}`)],
              [t('overview.paymentTerms'), t('overview.paymentTermsDays', { days: account.paymentTermsDays })],
            ]}
          />
        </section>

        <section className="card" aria-labelledby="overview-subscription">
          <h2 id="overview-subscription">{t('overview.subscription')}</h2>
          {!subscription ? (
            <p>{t('overview.noSubscription')}</p>
          ) : (
            <>
              <DataTable
                caption={t('overview.products')}
                rows={subscription.items}
                rowKey={(item) => item.id}
                columns={[
                  { header: t('overview.product'), cell: (item) => item.product.name },
                  { header: t('overview.seats'), numeric: true, cell: (item) => item.seats },
                ]}
              />
              <Facts
                items={[
                  [
                    t('overview.term'),
                    t('overview.termRange', {
                      start: format.date(subscription.termStart),
                      end: format.date(subscription.termEnd),
                    }),
                  ],
                  [
                    t('overview.renewal'),
                    subscription.status !== 'ACTIVE'
                      ? t(`subscriptionStatus.${subscription.status}`)
                      : subscription.cancelAtTermEnd
                        ? t('overview.endsOn', { date: format.date(subscription.termEnd) })
                        : subscription.autoRenew
                          ? t('overview.renewsOn', { date: format.date(subscription.termEnd) })
                          : t('overview.noAutoRenew', { date: format.date(subscription.termEnd) }),
                  ],
                ]}
              />
            </>
          )}
        </section>

        <section className="card" aria-labelledby="overview-attention">
          <h2 id="overview-attention">{t('overview.attention')}</h2>
          {nothing && <p>{t('overview.allClear')}</p>}
          <ul className="attention">
            {quotes.totalCount > 0 && (
              <li>
                <Link to="/quotes">{t('overview.quotesWaiting', { count: quotes.totalCount })}</Link>
                <ul>
                  {quotes.edges.map(({ node: q }) => (
                    <li key={q.id}>
                      <Link to={`/quotes/${q.id}`}>{q.number}</Link> · {format.money(q.total)} ·{' '}
                      {t('overview.quoteExpires', { date: format.date(q.expiresOn) })}
                    </li>
                  ))}
                </ul>
              </li>
            )}
            {due.map((invoice) => (
              <li key={invoice.id}>
                <Link to={`/invoices/${invoice.id}`}>{invoice.number}</Link> ·{' '}
                {invoice.overdue ? (
                  <StatusBadge label={t('overview.overdue')} tone="bad" />
                ) : (
                  <StatusBadge label={t('overview.due')} tone="attention" />
                )}{' '}
                {t('overview.balanceDue', {
                  amount: format.money(invoice.balance),
                  date: format.date(invoice.dueDate),
                })}
              </li>
            ))}
            {expiring.map((po) => (
              <li key={po.id}>
                <Link to="/purchase-orders">{po.number}</Link> ·{' '}
                {t('overview.poExpires', { date: format.date(po.expiresOn) })}
              </li>
            ))}
          </ul>
        </section>

        <section className="card" aria-labelledby="overview-billto">
          <h2 id="overview-billto">{t('overview.billTo')}</h2>
          <Address value={account.billTo} />
          {account.billTo.email && <p>{account.billTo.email}</p>}
          {account.billTo.phone && <p>{account.billTo.phone}</p>}
          {manage && (
            <p>
              <Link className="button" to="/bill-to">
                {t('overview.editBillTo')}
              </Link>
            </p>
          )}
        </section>
      </div>
    </>
  );
}
