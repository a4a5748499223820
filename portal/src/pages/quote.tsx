import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useParams } from 'react-router';
import { Before } from '../components/before';
import { DataTable, Facts } from '../components/table';
import { MONEY } from '../api/fragments';
import { useRole } from '../api/role';
import { useDescribeError } from '../components/errors';
import { ChoiceField, TextAreaField, TextField } from '../components/field';
import { Notice, PageHeading, StatusBadge } from '../components/page';
import { PdfLink } from '../components/pdf-link';
import { RoleNote } from '../components/role-note';
import { graphql } from '../graphql';
import { useFormat, useT } from '../i18n/i18n';
import { quoteTone } from './quotes';

const QUOTE = graphql(
  `
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
          ...PortalMoney
        }
        tax {
          ...PortalMoney
        }
        total {
          ...PortalMoney
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
            ...PortalMoney
          }
          amount {
            ...PortalMoney
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
  `,
  [MONEY],
);

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

/** A change in seats with its sign: +2, -1, 0. */
const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

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
        <ChoiceField
          label={t('quotes.reason')}
          error={form.formState.errors.reason && t('form.required')}
          {...form.register('reason', { required: true })}
          choices={REASONS}
          words={(code) => t(`rejectReason.${code}`)}
          placeholder={t('quotes.chooseReason')}
        />
        <TextAreaField label={t('quotes.comment')} rows={3} {...form.register('comment')} />
        <button type="submit" className="danger" disabled={loading}>
          {t('quotes.rejectButton')}
        </button>
      </form>
    </section>
  );
}

/** One quote: its lines, its effect on the seats, its totals; an ADMIN accepts or rejects it while it is sent. */
export default function Quote() {
  const { id = '' } = useParams();
  const t = useT();
  const format = useFormat();
  const { manage } = useRole();
  const { data, error } = useQuery(QUOTE, { variables: { id }, fetchPolicy: 'cache-and-network' });
  const [decided, setDecided] = useState<string | null>(null);

  if (!data) return <Before error={error} />;
  const { quote, account } = data;
  const defaultPo = account.purchaseOrders.find((po) => po.isDefault && !po.deactivated)?.number ?? '';

  return (
    <>
      <PageHeading title={t('quotes.quoteTitle', { number: quote.number })} />
      {decided && <Notice tone="success">{decided}</Notice>}
      <section className="card" aria-labelledby="quote-summary">
        <h2 id="quote-summary">{t('quotes.summary')}</h2>
        <Facts
          items={[
            [
              t('quotes.status'),
              <StatusBadge label={t(`quoteStatus.${quote.status}`)} tone={quoteTone(quote.status)} />,
            ],
            [t('quotes.revision'), quote.revision],
            [t('quotes.expiresOn'), format.date(quote.expiresOn)],
            [t('quotes.subtotal'), format.money(quote.subtotal)],
            [t('quotes.tax'), format.money(quote.tax)],
            [t('quotes.total'), format.money(quote.total)],
            quote.poNumber && [t('quotes.poNumber'), quote.poNumber],
            quote.rejectReason && [t('quotes.reason'), t(`rejectReason.${quote.rejectReason}`)],
            quote.rejectComment && [t('quotes.comment'), quote.rejectComment],
          ]}
        />
        {quote.note && <p>{quote.note}</p>}
        <div className="actions">
          <PdfLink path={`/quotes/${quote.id}.pdf`} fileName={quote.number} label={t('quotes.pdf')} />
        </div>
      </section>

      <section className="card" aria-labelledby="quote-lines">
        <h2 id="quote-lines">{t('quotes.lines')}</h2>
        <DataTable
          caption={t('quotes.lines')}
          rows={quote.lines}
          rowKey={(line) => line.id}
          columns={[
            { header: t('quotes.product'), cell: (line) => line.description ?? line.product.name },
            {
              header: t('quotes.period'),
              cell: (line) =>
                t('quotes.periodRange', { start: format.date(line.periodStart), end: format.date(line.periodEnd) }),
            },
            { header: t('quotes.seatChange'), numeric: true, cell: (line) => signed(line.seatChange) },
            { header: t('quotes.unitPrice'), numeric: true, cell: (line) => format.money(line.unitPrice) },
            { header: t('quotes.amount'), numeric: true, cell: (line) => format.money(line.amount) },
          ]}
        />
      </section>

      <section className="card" aria-labelledby="quote-effect">
        <h2 id="quote-effect">{t('quotes.effect')}</h2>
        <DataTable
          caption={t('quotes.effect')}
          rows={quote.effect}
          rowKey={(e) => e.productId}
          columns={[
            { header: t('quotes.product'), cell: (e) => `${e.productName} (${e.productCode})` },
            { header: t('quotes.seatsNow'), numeric: true, cell: (e) => e.seatsNow },
            { header: t('quotes.change'), numeric: true, cell: (e) => signed(e.change) },
            { header: t('quotes.seatsAfter'), numeric: true, cell: (e) => e.seatsAfter },
          ]}
        />
      </section>

      {quote.status === 'SENT' &&
        (manage ? (
          <div className="grid">
            <AcceptForm id={quote.id} defaultPo={defaultPo} onDone={setDecided} />
            <RejectForm id={quote.id} onDone={setDecided} />
          </div>
        ) : (
          <RoleNote />
        ))}
    </>
  );
}
