import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useParams } from 'react-router';
import { ErrorNotice, errorCode, useDescribeError } from '../components/errors';
import { SelectField, TextAreaField, TextField } from '../components/field';
import { Loading, Notice, PageHeading, StatusBadge } from '../components/page';
import { PdfLink } from '../components/pdf-link';
import { graphql } from '../graphql';
import { useFormat, useT } from '../i18n/i18n';
import NotFound from './not-found';
import { quoteTone } from './quotes';

const QUOTE = graphql(`
  query PortalQuote($id: ID!) {
    quote(id: $id) {
      id
      number
      revision
      status
      expiresOn
      note
      poNumber
      rejectReason
      rejectComment
      decidedAt
      subtotal {
        amountMinor
        currency
      }
      tax {
        amountMinor
        currency
      }
      total {
        amountMinor
        currency
      }
      lines {
        id
        position
        description
        seatChange
        periodStart
        periodEnd
        product {
          id
          name
          code
        }
        unitPrice {
          amountMinor
          currency
        }
        amount {
          amountMinor
          currency
        }
      }
      effect {
        productId
        productCode
        productName
        seatsNow
        change
        seatsAfter
      }
      invoice {
        id
        number
      }
    }
    account {
      id
      purchaseOrders {
        id
        number
        isDefault
        deactivated
      }
    }
  }
`);

const ACCEPT = graphql(`
  mutation PortalAcceptQuote($id: ID!, $purchaseOrderNumber: String) {
    acceptQuote(id: $id, purchaseOrderNumber: $purchaseOrderNumber) {
      id
      status
      poNumber
      decidedAt
      invoice {
        id
        number
      }
    }
  }
`);

const REJECT = graphql(`
  mutation PortalRejectQuote($input: RejectQuoteInput!) {
    rejectQuote(input: $input) {
      id
      status
      rejectReason
      rejectComment
      decidedAt
    }
  }
`);

const REASONS = ['PRICE', 'SEATS', 'TIMING', 'NO_LONGER_NEEDED', 'OTHER'] as const;
type Reason = (typeof REASONS)[number];

function AcceptForm({ id, defaultPo, onDone }: { id: string; defaultPo: string; onDone: (message: string) => void }) {
  const t = useT();
  const describe = useDescribeError();
  const [accept, { loading }] = useMutation(ACCEPT);
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm<{ po: string }>({ defaultValues: { po: defaultPo } });
  const onSubmit = form.handleSubmit(async ({ po }) => {
    setFailure(null);
    try {
      await accept({ variables: { id, purchaseOrderNumber: po.trim() || null } });
      onDone(t('quotes.accepted'));
    } catch (err) {
      setFailure(describe(err));
    }
  });
  return (
    <section className="card" aria-labelledby="quote-accept">
      <h2 id="quote-accept">{t('quotes.accept')}</h2>
      {failure && <Notice tone="error">{failure}</Notice>}
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <TextField label={t('quotes.poNumber')} hint={t('quotes.poHint')} {...form.register('po')} />
        <button type="submit" className="primary" disabled={loading}>
          {t('quotes.acceptButton')}
        </button>
      </form>
    </section>
  );
}

function RejectForm({ id, onDone }: { id: string; onDone: (message: string) => void }) {
  const t = useT();
  const describe = useDescribeError();
  const [reject, { loading }] = useMutation(REJECT);
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm<{ reason: Reason | ''; comment: string }>({ defaultValues: { reason: '', comment: '' } });
  const onSubmit = form.handleSubmit(async ({ reason, comment }) => {
    if (!reason) return;
    setFailure(null);
    try {
      await reject({ variables: { input: { id, reason, comment: comment.trim() || null } } });
      onDone(t('quotes.rejected'));
    } catch (err) {
      setFailure(describe(err));
    }
  });
  return (
    <section className="card" aria-labelledby="quote-reject">
      <h2 id="quote-reject">{t('quotes.reject')}</h2>
      {failure && <Notice tone="error">{failure}</Notice>}
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <SelectField
          label={t('quotes.reason')}
          error={form.formState.errors.reason && t('form.required')}
          {...form.register('reason', { required: true })}
        >
          <option value="">{t('quotes.chooseReason')}</option>
          {REASONS.map((r) => (
            <option key={r} value={r}>
              {t(`rejectReason.${r}`)}
            </option>
          ))}
        </SelectField>
        <TextAreaField label={t('quotes.comment')} rows={3} {...form.register('comment')} />
        <button type="submit" className="danger" disabled={loading}>
          {t('quotes.rejectButton')}
        </button>
      </form>
    </section>
  );
}

/** One quote: its lines, its effect on the seats, its totals; accept or reject it while it is sent. */
export default function Quote() {
  const { id = '' } = useParams();
  const t = useT();
  const format = useFormat();
  const { data, error } = useQuery(QUOTE, { variables: { id }, fetchPolicy: 'cache-and-network' });
  const [decided, setDecided] = useState<string | null>(null);

  if (error && !data) return errorCode(error).code === 'NOT_FOUND' ? <NotFound /> : <ErrorNotice error={error} />;
  if (!data) return <Loading />;
  const { quote, account } = data;
  const defaultPo = account.purchaseOrders.find((po) => po.isDefault && !po.deactivated)?.number ?? '';

  return (
    <>
      <PageHeading title={t('quotes.quoteTitle', { number: quote.number })} />
      {decided && <Notice tone="success">{decided}</Notice>}
      <section className="card" aria-labelledby="quote-summary">
        <h2 id="quote-summary">{t('quotes.summary')}</h2>
        <dl className="facts">
          <dt>{t('quotes.status')}</dt>
          <dd>
            <StatusBadge label={t(`quoteStatus.${quote.status}`)} tone={quoteTone(quote.status)} />
          </dd>
          <dt>{t('quotes.revision')}</dt>
          <dd>{quote.revision}</dd>
          <dt>{t('quotes.expiresOn')}</dt>
          <dd>{format.date(quote.expiresOn)}</dd>
          <dt>{t('quotes.subtotal')}</dt>
          <dd>{format.money(quote.subtotal)}</dd>
          <dt>{t('quotes.tax')}</dt>
          <dd>{format.money(quote.tax)}</dd>
          <dt>{t('quotes.total')}</dt>
          <dd>{format.money(quote.total)}</dd>
          {quote.poNumber && (
            <>
              <dt>{t('quotes.poNumber')}</dt>
              <dd>{quote.poNumber}</dd>
            </>
          )}
          {quote.rejectReason && (
            <>
              <dt>{t('quotes.reason')}</dt>
              <dd>{t(`rejectReason.${quote.rejectReason}`)}</dd>
            </>
          )}
          {quote.rejectComment && (
            <>
              <dt>{t('quotes.comment')}</dt>
              <dd>{quote.rejectComment}</dd>
            </>
          )}
        </dl>
        {quote.note && <p>{quote.note}</p>}
        <div className="actions">
          <PdfLink path={`/quotes/${quote.id}.pdf`} fileName={quote.number} label={t('quotes.pdf')} />
        </div>
      </section>

      <section className="card" aria-labelledby="quote-lines">
        <h2 id="quote-lines">{t('quotes.lines')}</h2>
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">{t('quotes.lines')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('quotes.product')}</th>
                <th scope="col">{t('quotes.period')}</th>
                <th scope="col" className="number">
                  {t('quotes.seatChange')}
                </th>
                <th scope="col" className="number">
                  {t('quotes.unitPrice')}
                </th>
                <th scope="col" className="number">
                  {t('quotes.amount')}
                </th>
              </tr>
            </thead>
            <tbody>
              {quote.lines.map((line) => (
                <tr key={line.id}>
                  <td>{line.description ?? line.product.name}</td>
                  <td>
                    {t('quotes.periodRange', {
                      start: format.date(line.periodStart),
                      end: format.date(line.periodEnd),
                    })}
                  </td>
                  <td className="number">{line.seatChange > 0 ? `+${line.seatChange}` : line.seatChange}</td>
                  <td className="number">{format.money(line.unitPrice)}</td>
                  <td className="number">{format.money(line.amount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="card" aria-labelledby="quote-effect">
        <h2 id="quote-effect">{t('quotes.effect')}</h2>
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">{t('quotes.effect')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('quotes.product')}</th>
                <th scope="col" className="number">
                  {t('quotes.seatsNow')}
                </th>
                <th scope="col" className="number">
                  {t('quotes.change')}
                </th>
                <th scope="col" className="number">
                  {t('quotes.seatsAfter')}
                </th>
              </tr>
            </thead>
            <tbody>
              {quote.effect.map((e) => (
                <tr key={e.productId}>
                  <td>
                    {e.productName} ({e.productCode})
                  </td>
                  <td className="number">{e.seatsNow}</td>
                  <td className="number">{e.change > 0 ? `+${e.change}` : e.change}</td>
                  <td className="number">{e.seatsAfter}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      {quote.status === 'SENT' && (
        <div className="grid">
          <AcceptForm id={quote.id} defaultPo={defaultPo} onDone={setDecided} />
          <RejectForm id={quote.id} onDone={setDecided} />
        </div>
      )}
    </>
  );
}
