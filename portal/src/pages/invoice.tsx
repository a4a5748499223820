import { useMutation, useQuery } from '@apollo/client/react';
import { useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useParams } from 'react-router';
import { DataTable, Facts } from '../components/table';
import { MONEY, PAYMENT } from '../api/fragments';
import { useRole } from '../api/role';
import { Before } from '../components/before';
import { errorCode, useDescribeError } from '../components/errors';
import { SelectField, TextField } from '../components/field';
import { Notice, PageHeading, StatusBadge } from '../components/page';
import { PdfLink } from '../components/pdf-link';
import { RoleNote } from '../components/role-note';
import { graphql } from '../graphql';
import { useFormat, useT, type MoneyValue } from '../i18n/i18n';
import { InvoiceStatus } from './invoices';

const INVOICE = graphql(
  `
    query PortalInvoice($id: ID!) {
      invoice(id: $id) {
        id
        number
        status
        overdue
        issueDate
        dueDate
        poNumber
        currency
        subtotal {
          ...PortalMoney
        }
        tax {
          ...PortalMoney
        }
        total {
          ...PortalMoney
        }
        amountPaid {
          ...PortalMoney
        }
        balance {
          ...PortalMoney
        }
        lines {
          id
          position
          description
          quantity
          periodStart
          periodEnd
          unitPrice {
            ...PortalMoney
          }
          tax {
            ...PortalMoney
          }
          amount {
            ...PortalMoney
          }
        }
        payments {
          ...PortalPayment
        }
      }
      paymentMethods {
        id
        type
        isDefault
        brand
        last4
        bankName
      }
    }
  `,
  [MONEY, PAYMENT],
);

const PAY = graphql(
  `
    mutation PortalPayInvoice($input: PayInvoiceInput!) {
      payInvoice(input: $input) {
        id
        status
        failureCode
        failureMessage
        amount {
          ...PortalMoney
        }
        invoice {
          id
          status
          overdue
          amountPaid {
            ...PortalMoney
          }
          balance {
            ...PortalMoney
          }
          payments {
            ...PortalPayment
          }
        }
      }
    }
  `,
  [MONEY, PAYMENT],
);

interface Method {
  id: string;
  type: 'CARD' | 'CHECK' | 'DIRECT_DEBIT' | 'WIRE_TRANSFER';
  isDefault: boolean;
  brand: string | null;
  last4: string | null;
  bankName: string | null;
}

type Result =
  { tone: 'success' | 'info'; message: string } | { tone: 'error'; message: string; detail?: string | null };

const FAILURES = ['DECLINED', 'INSUFFICIENT_FUNDS', 'GATEWAY_ERROR'];

function PayForm({
  invoiceId,
  balance,
  methods,
  onResult,
}: {
  invoiceId: string;
  balance: MoneyValue;
  methods: Method[];
  onResult: (result: Result | null) => void;
}) {
  const t = useT();
  const format = useFormat();
  const describe = useDescribeError();
  const [pay] = useMutation(PAY);
  const [busy, setBusy] = useState(false);
  const setResult = onResult;
  // One idempotency key per payment attempt: kept for retries of the same attempt (same amount and method).
  const attempt = useRef<{ key: string; signature: string } | null>(null);
  const inFlight = useRef(false);
  const chargeable = methods.filter((m) => m.type === 'CARD' || m.type === 'DIRECT_DEBIT');
  const preferred = chargeable.find((m) => m.isDefault) ?? chargeable[0];
  const form = useForm<{ amount: string; methodId: string }>({
    defaultValues: {
      amount: format.inputFromMinor(balance.amountMinor, balance.currency),
      methodId: preferred?.id ?? '',
    },
  });

  const describeMethod = (m: Method) =>
    m.type === 'CARD'
      ? t('invoices.methodCard', { brand: m.brand ?? '', last4: m.last4 ?? '' })
      : t('invoices.methodDebit', { bank: m.bankName ?? '', last4: m.last4 ?? '' });

  const validAmount = (text: string) => {
    const minor = format.minorFromInput(text, balance.currency);
    if (minor === null || minor <= 0) return t('invoices.amountInvalid');
    if (minor > balance.amountMinor) return t('invoices.amountTooHigh', { balance: format.money(balance) });
    return true;
  };

  const onSubmit = form.handleSubmit(async ({ amount, methodId }) => {
    if (inFlight.current) return;
    const amountMinor = format.minorFromInput(amount, balance.currency);
    if (amountMinor === null) return;
    const signature = `${methodId}:${amountMinor}`;
    if (!attempt.current || attempt.current.signature !== signature)
      attempt.current = { key: crypto.randomUUID(), signature };
    inFlight.current = true;
    setBusy(true);
    setResult(null);
    try {
      const { data } = await pay({
        variables: {
          input: {
            invoiceId,
            paymentMethodId: methodId,
            amount: { amountMinor, currency: balance.currency },
            idempotencyKey: attempt.current.key,
          },
        },
      });
      // The service answered: this attempt is over, the next one gets a new key.
      attempt.current = null;
      const payment = data?.payInvoice;
      if (!payment) return;
      if (payment.status === 'SUCCEEDED') {
        setResult({
          tone: 'success',
          message:
            payment.invoice.balance.amountMinor === 0
              ? t('invoices.paidInFull', { amount: format.money(payment.amount) })
              : t('invoices.paidPart', {
                  amount: format.money(payment.amount),
                  balance: format.money(payment.invoice.balance),
                }),
        });
        form.reset({
          amount: format.inputFromMinor(payment.invoice.balance.amountMinor, balance.currency),
          methodId,
        });
      } else if (payment.status === 'PENDING') {
        setResult({ tone: 'info', message: t('invoices.paymentPending', { amount: format.money(payment.amount) }) });
      } else {
        const code = payment.failureCode && FAILURES.includes(payment.failureCode) ? payment.failureCode : 'OTHER';
        setResult({
          tone: 'error',
          message: t(`paymentFailure.${code}`),
          detail: code === 'OTHER' ? payment.failureMessage : null,
        });
      }
    } catch (err) {
      // No answer (a network failure): the same key on a retry, so the service never charges twice.
      if (errorCode(err).code) attempt.current = null;
      setResult({ tone: 'error', message: describe(err) });
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  });

  return (
    <section className="card" aria-labelledby="invoice-pay">
      <h2 id="invoice-pay">{t('invoices.pay')}</h2>
      {chargeable.length === 0 ? (
        <p>{t('invoices.noMethods')}</p>
      ) : (
        <form onSubmit={(e) => void onSubmit(e)} noValidate>
          <TextField
            label={t('invoices.amount', { currency: balance.currency })}
            hint={t('invoices.amountHint', { balance: format.money(balance) })}
            inputMode="decimal"
            error={form.formState.errors.amount?.message}
            {...form.register('amount', { validate: validAmount })}
          />
          <SelectField
            label={t('invoices.method')}
            error={form.formState.errors.methodId && t('form.required')}
            {...form.register('methodId', { required: true })}
          >
            {chargeable.map((m) => (
              <option key={m.id} value={m.id}>
                {describeMethod(m)}
                {m.isDefault ? ` (${t('invoices.defaultMethod')})` : ''}
              </option>
            ))}
          </SelectField>
          <button type="submit" className="primary" disabled={busy} aria-busy={busy}>
            {busy ? t('invoices.paying') : t('invoices.payButton')}
          </button>
        </form>
      )}
    </section>
  );
}

/** One invoice: its lines, its payments, its PDF; an ADMIN or PAYER pays what is still open. */
export default function Invoice() {
  const { id = '' } = useParams();
  const t = useT();
  const format = useFormat();
  const { pay } = useRole();
  const { data, error } = useQuery(INVOICE, { variables: { id }, fetchPolicy: 'cache-and-network' });
  const [result, setResult] = useState<Result | null>(null);
  if (!data) return <Before error={error} />;
  const { invoice, paymentMethods } = data;
  const payable = invoice.status !== 'VOID' && invoice.status !== 'PAID' && invoice.balance.amountMinor > 0;

  return (
    <>
      <PageHeading title={t('invoices.invoiceTitle', { number: invoice.number })} />
      <section className="card" aria-labelledby="invoice-summary">
        <h2 id="invoice-summary">{t('invoices.summary')}</h2>
        <Facts
          items={[
            [t('invoices.status'), <InvoiceStatus status={invoice.status} overdue={invoice.overdue} />],
            [t('invoices.issueDate'), format.date(invoice.issueDate)],
            [t('invoices.dueDate'), format.date(invoice.dueDate)],
            invoice.poNumber && [t('invoices.poNumber'), invoice.poNumber],
            [t('invoices.subtotal'), format.money(invoice.subtotal)],
            [t('invoices.tax'), format.money(invoice.tax)],
            [t('invoices.total'), format.money(invoice.total)],
            [t('invoices.amountPaid'), format.money(invoice.amountPaid)],
            [t('invoices.balance'), format.money(invoice.balance), 'invoice-balance'],
          ]}
        />
        <div className="actions">
          <PdfLink path={`/invoices/${invoice.id}.pdf`} fileName={invoice.number} label={t('invoices.pdf')} />
        </div>
      </section>

      <section className="card" aria-labelledby="invoice-lines">
        <h2 id="invoice-lines">{t('invoices.lines')}</h2>
        <DataTable
          caption={t('invoices.lines')}
          rows={invoice.lines}
          rowKey={(line) => line.id}
          columns={[
            {
              header: t('invoices.description'),
              cell: (line) => (
                <>
                  {line.description}
                  {line.periodStart && line.periodEnd && (
                    <>
                      <br />
                      {t('invoices.periodRange', {
                        start: format.date(line.periodStart),
                        end: format.date(line.periodEnd),
                      })}
                    </>
                  )}
                </>
              ),
            },
            { header: t('invoices.quantity'), numeric: true, cell: (line) => line.quantity },
            { header: t('invoices.unitPrice'), numeric: true, cell: (line) => format.money(line.unitPrice) },
            { header: t('invoices.tax'), numeric: true, cell: (line) => format.money(line.tax) },
            { header: t('invoices.amountColumn'), numeric: true, cell: (line) => format.money(line.amount) },
          ]}
        />
      </section>

      <section className="card" aria-labelledby="invoice-payments">
        <h2 id="invoice-payments">{t('invoices.payments')}</h2>
        <DataTable
          caption={t('invoices.payments')}
          rows={invoice.payments}
          rowKey={(p) => p.id}
          empty={t('invoices.noPayments')}
          columns={[
            {
              header: t('invoices.paymentDate'),
              cell: (p) => (p.receivedOn ? format.date(p.receivedOn) : format.dateTime(p.completedAt ?? p.createdAt)),
            },
            { header: t('invoices.method'), cell: (p) => t(`invoices.methodType.${p.methodType}`) },
            {
              header: t('invoices.status'),
              cell: (p) => (
                <>
                  <StatusBadge
                    label={t(`paymentStatus.${p.status}`)}
                    tone={p.status === 'SUCCEEDED' ? 'good' : p.status === 'FAILED' ? 'bad' : 'attention'}
                  />
                  {p.status === 'FAILED' && p.failureCode && (
                    <> {FAILURES.includes(p.failureCode) ? t(`paymentFailure.${p.failureCode}`) : p.failureMessage}</>
                  )}
                </>
              ),
            },
            { header: t('invoices.amountColumn'), numeric: true, cell: (p) => format.money(p.amount) },
          ]}
        />
      </section>

      {result &&
        (result.tone === 'error' ? (
          <Notice tone="error" title={result.message}>
            {result.detail && <p>{result.detail}</p>}
          </Notice>
        ) : (
          <Notice tone={result.tone}>{result.message}</Notice>
        ))}
      {payable &&
        (pay ? (
          <PayForm invoiceId={invoice.id} balance={invoice.balance} methods={paymentMethods} onResult={setResult} />
        ) : (
          <RoleNote />
        ))}
    </>
  );
}
