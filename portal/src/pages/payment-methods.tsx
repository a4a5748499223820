import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { errorCode, ErrorNotice, useDescribeError } from '../components/errors';
import { SelectField, TextField } from '../components/field';
import { Loading, Notice, PageHeading, StatusBadge } from '../components/page';
import { SandboxTokeniser } from '../components/sandbox-tokeniser';
import { graphql } from '../graphql';
import { useT } from '../i18n/i18n';

const PAYMENT_METHODS = graphql(`
  query PortalPaymentMethods {
    paymentMethods {
      id
      type
      isDefault
      brand
      last4
      expMonth
      expYear
      bankName
      holderName
      remittanceInstructions {
        bankName
        accountName
        iban
        swift
        checkPayableTo
        checkMailingAddress
        reference
      }
    }
  }
`);

const ADD = graphql(`
  mutation PortalAddPaymentMethod($input: AddPaymentMethodInput!) {
    addPaymentMethod(input: $input) {
      id
    }
  }
`);
const SET_DEFAULT = graphql(`
  mutation PortalSetDefaultPaymentMethod($id: ID!) {
    setDefaultPaymentMethod(id: $id) {
      id
      isDefault
    }
  }
`);
const REMOVE = graphql(`
  mutation PortalRemovePaymentMethod($id: ID!) {
    removePaymentMethod(id: $id)
  }
`);

const TYPES = ['CARD', 'DIRECT_DEBIT', 'WIRE_TRANSFER', 'CHECK'] as const;
type MethodType = (typeof TYPES)[number];
const refetch = { refetchQueries: ['PortalPaymentMethods'], awaitRefetchQueries: true };

interface Method {
  type: string;
  brand?: string | null;
  last4?: string | null;
  bankName?: string | null;
}

function useMethodName() {
  const t = useT();
  return (m: Method) => {
    const type = t(`methodType.${m.type}`);
    if (m.type === 'CARD') return t('paymentMethods.cardName', { brand: m.brand ?? type, last4: m.last4 ?? '' });
    if (m.type === 'DIRECT_DEBIT')
      return t('paymentMethods.bankName', { bank: m.bankName ?? type, last4: m.last4 ?? '' });
    return type;
  };
}

/** The account's payment methods: add one (cards through the gateway's form), choose the default, remove. */
export default function PaymentMethods() {
  const t = useT();
  const name = useMethodName();
  const describe = useDescribeError();
  const { data, loading, error } = useQuery(PAYMENT_METHODS);
  const [setDefault] = useMutation(SET_DEFAULT, refetch);
  const [remove] = useMutation(REMOVE, refetch);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [result, setResult] = useState<{ tone: 'success' | 'error'; message: string } | null>(null);

  const act = async (run: () => Promise<unknown>, success: string) => {
    setResult(null);
    try {
      await run();
      setResult({ tone: 'success', message: success });
    } catch (err) {
      setResult({ tone: 'error', message: describe(err) });
    }
  };

  const methods = data?.paymentMethods ?? [];
  const offline = methods.filter((m) => m.remittanceInstructions);

  return (
    <>
      <PageHeading title={t('paymentMethods.title')} />
      {loading && !data && <Loading />}
      {error && <ErrorNotice error={error} />}
      {data && (
        <section className="card" aria-labelledby="methods-list">
          <h2 id="methods-list">{t('paymentMethods.list')}</h2>
          {result && <Notice tone={result.tone}>{result.message}</Notice>}
          {methods.length === 0 ? (
            <p>{t('paymentMethods.none')}</p>
          ) : (
            <div className="table-scroll">
              <table>
                <caption className="visually-hidden">{t('paymentMethods.list')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('paymentMethods.method')}</th>
                    <th scope="col">{t('paymentMethods.type')}</th>
                    <th scope="col">{t('paymentMethods.details')}</th>
                    <th scope="col">{t('paymentMethods.status')}</th>
                    <th scope="col">{t('paymentMethods.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {methods.map((m) => (
                    <tr key={m.id}>
                      <td>{name(m)}</td>
                      <td>{t(`methodType.${m.type}`)}</td>
                      <td>
                        {m.expMonth && m.expYear
                          ? t('paymentMethods.expires', {
                              month: String(m.expMonth).padStart(2, '0'),
                              year: m.expYear,
                            })
                          : null}
                        {m.holderName && <div>{m.holderName}</div>}
                      </td>
                      <td>{m.isDefault && <StatusBadge tone="good" label={t('paymentMethods.default')} />}</td>
                      <td>
                        {confirming === m.id ? (
                          <div
                            className="actions"
                            role="group"
                            aria-label={t('paymentMethods.confirmRemove', { name: name(m) })}
                          >
                            <span>{t('paymentMethods.confirmRemove', { name: name(m) })}</span>
                            <button
                              type="button"
                              className="danger"
                              onClick={() => {
                                setConfirming(null);
                                void act(
                                  () => remove({ variables: { id: m.id } }),
                                  t('paymentMethods.removed', { name: name(m) }),
                                );
                              }}
                            >
                              {t('paymentMethods.yesRemove')}
                            </button>
                            <button type="button" onClick={() => setConfirming(null)}>
                              {t('paymentMethods.keep')}
                            </button>
                          </div>
                        ) : (
                          <div className="actions">
                            {!m.isDefault && (
                              <button
                                type="button"
                                aria-label={t('paymentMethods.makeDefaultOf', { name: name(m) })}
                                onClick={() =>
                                  void act(
                                    () => setDefault({ variables: { id: m.id } }),
                                    t('paymentMethods.defaultSet', { name: name(m) }),
                                  )
                                }
                              >
                                {t('paymentMethods.makeDefault')}
                              </button>
                            )}
                            <button
                              type="button"
                              className="danger"
                              aria-label={t('paymentMethods.removeOf', { name: name(m) })}
                              onClick={() => setConfirming(m.id)}
                            >
                              {t('paymentMethods.remove')}
                            </button>
                          </div>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
      {offline.map((m) => {
        const r = m.remittanceInstructions!;
        return (
          <section className="card" key={m.id} aria-labelledby={`remit-${m.id}`}>
            <h2 id={`remit-${m.id}`}>
              {t(m.type === 'CHECK' ? 'paymentMethods.chequeHow' : 'paymentMethods.wireHow')}
            </h2>
            <dl className="facts">
              {m.type === 'CHECK' ? (
                <>
                  <dt>{t('paymentMethods.payableTo')}</dt>
                  <dd>{r.checkPayableTo}</dd>
                  <dt>{t('paymentMethods.mailTo')}</dt>
                  <dd>
                    {r.checkMailingAddress.map((line) => (
                      <div key={line}>{line}</div>
                    ))}
                  </dd>
                </>
              ) : (
                <>
                  <dt>{t('paymentMethods.bank')}</dt>
                  <dd>{r.bankName}</dd>
                  <dt>{t('paymentMethods.accountName')}</dt>
                  <dd>{r.accountName}</dd>
                  <dt>{t('paymentMethods.iban')}</dt>
                  <dd>{r.iban}</dd>
                  <dt>{t('paymentMethods.swift')}</dt>
                  <dd>{r.swift}</dd>
                </>
              )}
              <dt>{t('paymentMethods.reference')}</dt>
              <dd>{r.reference}</dd>
            </dl>
          </section>
        );
      })}
      {data && <AddMethod />}
    </>
  );
}

function AddMethod() {
  const t = useT();
  const describe = useDescribeError();
  const [add, { loading }] = useMutation(ADD, refetch);
  const [type, setType] = useState<MethodType>('CARD');
  const [holderName, setHolderName] = useState('');
  const [makeDefault, setMakeDefault] = useState(false);
  const [problem, setProblem] = useState<{ field: string | null; message: string } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const viaGateway = type === 'CARD' || type === 'DIRECT_DEBIT';

  const submit = async (token: string | null) => {
    setProblem(null);
    setDone(null);
    try {
      await add({
        variables: {
          input: { type, token, holderName: viaGateway ? holderName.trim() || null : null, makeDefault },
        },
      });
      setHolderName('');
      setMakeDefault(false);
      setDone(t('paymentMethods.added', { type: t(`methodType.${type}`) }));
    } catch (err) {
      const { code, field } = errorCode(err);
      if (code === 'BAD_USER_INPUT' && field === 'holderName')
        setProblem({ field, message: t('paymentMethods.noNumbers') });
      else if (code === 'BAD_USER_INPUT' && field === 'token')
        setProblem({ field, message: t('paymentMethods.tokenRefused') });
      else if (code === 'CONFLICT' && !viaGateway)
        setProblem({ field: null, message: t('paymentMethods.alreadyHas', { type: t(`methodType.${type}`) }) });
      else setProblem({ field: null, message: describe(err) });
    }
  };

  return (
    <section className="card" aria-labelledby="methods-add">
      <h2 id="methods-add">{t('paymentMethods.addTitle')}</h2>
      {done && <Notice tone="success">{done}</Notice>}
      {problem && !['token', 'holderName'].includes(problem.field ?? '') && (
        <Notice tone="error">{problem.message}</Notice>
      )}
      <SelectField
        label={t('paymentMethods.type')}
        value={type}
        onChange={(e) => {
          setType(e.target.value as MethodType);
          setProblem(null);
        }}
      >
        {TYPES.map((ty) => (
          <option key={ty} value={ty}>
            {t(`methodType.${ty}`)}
          </option>
        ))}
      </SelectField>
      {viaGateway && (
        <TextField
          label={t('paymentMethods.holderName')}
          autoComplete={type === 'CARD' ? 'cc-name' : 'name'}
          value={holderName}
          onChange={(e) => setHolderName(e.target.value)}
          error={problem?.field === 'holderName' ? problem.message : undefined}
        />
      )}
      <div className="choice">
        <input
          id="method-default"
          type="checkbox"
          checked={makeDefault}
          onChange={(e) => setMakeDefault(e.target.checked)}
        />
        <label htmlFor="method-default">{t('paymentMethods.makeItDefault')}</label>
      </div>
      {viaGateway ? (
        <SandboxTokeniser
          key={type}
          kind={type}
          busy={loading}
          tokenError={problem?.field === 'token' ? problem.message : undefined}
          onToken={(token) => void submit(token)}
        />
      ) : (
        <>
          <p>{t(type === 'CHECK' ? 'paymentMethods.chequeIntro' : 'paymentMethods.wireIntro')}</p>
          <button type="button" className="primary" disabled={loading} onClick={() => void submit(null)}>
            {t('paymentMethods.add')}
          </button>
        </>
      )}
    </section>
  );
}
