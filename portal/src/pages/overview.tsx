import { useQuery } from '@apollo/client/react';
import { Link } from 'react-router';
import { Address } from '../components/address';
import { ErrorNotice } from '../components/errors';
import { Loading, PageHeading, StatusBadge } from '../components/page';
import { graphql } from '../graphql';
import { useFormat, useT } from '../i18n/i18n';

const OVERVIEW = graphql(`
  query PortalOverview {
    account {
      id
      accountNumber
      organisationName
      status
      billingFrequency
      paymentTermsDays
      billTo {
        companyName
        contactName
        addressLine1
        addressLine2
        city
        region
        postalCode
        country
        email
        phone
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
            amountMinor
            currency
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
            amountMinor
            currency
          }
        }
      }
    }
  }
`);

/** The account at a glance: who it is, what it subscribes to, what needs doing, where the invoices go. */
export default function Overview() {
  const t = useT();
  const format = useFormat();
  const { data, error } = useQuery(OVERVIEW, { fetchPolicy: 'cache-and-network' });
  if (error && !data) return <ErrorNotice error={error} />;
  if (!data) return <Loading />;
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
          <dl className="facts">
            <dt>{t('overview.organisation')}</dt>
            <dd>{account.organisationName}</dd>
            <dt>{t('overview.accountNumber')}</dt>
            <dd>{account.accountNumber}</dd>
            <dt>{t('overview.status')}</dt>
            <dd>
              <StatusBadge
                label={t(`accountStatus.${account.status}`)}
                tone={account.status === 'ACTIVE' ? 'good' : 'bad'}
              />
            </dd>
            <dt>{t('overview.billingFrequency')}</dt>
            <dd>{t(`billingFrequency.${account.billingFrequency}`)}</dd>
            <dt>{t('overview.paymentTerms')}</dt>
            <dd>{t('overview.paymentTermsDays', { days: account.paymentTermsDays })}</dd>
          </dl>
        </section>

        <section className="card" aria-labelledby="overview-subscription">
          <h2 id="overview-subscription">{t('overview.subscription')}</h2>
          {!subscription ? (
            <p>{t('overview.noSubscription')}</p>
          ) : (
            <>
              <table>
                <caption className="visually-hidden">{t('overview.products')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('overview.product')}</th>
                    <th scope="col" className="number">
                      {t('overview.seats')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {subscription.items.map((item) => (
                    <tr key={item.id}>
                      <td>{item.product.name}</td>
                      <td className="number">{item.seats}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <dl className="facts">
                <dt>{t('overview.term')}</dt>
                <dd>
                  {t('overview.termRange', {
                    start: format.date(subscription.termStart),
                    end: format.date(subscription.termEnd),
                  })}
                </dd>
                <dt>{t('overview.renewal')}</dt>
                <dd>
                  {subscription.status !== 'ACTIVE'
                    ? t(`subscriptionStatus.${subscription.status}`)
                    : subscription.cancelAtTermEnd
                      ? t('overview.endsOn', { date: format.date(subscription.termEnd) })
                      : subscription.autoRenew
                        ? t('overview.renewsOn', { date: format.date(subscription.termEnd) })
                        : t('overview.noAutoRenew', { date: format.date(subscription.termEnd) })}
                </dd>
              </dl>
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
          <p>
            <Link className="button" to="/bill-to">
              {t('overview.editBillTo')}
            </Link>
          </p>
        </section>
      </div>
    </>
  );
}
