import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { useRole } from '../api/role';
import { ConfirmButton } from '../components/confirm';
import { errorCode, ErrorNotice, useDescribeError, useOutcome } from '../components/errors';
import { SelectField, TextField } from '../components/field';
import { Loading, Notice, PageHeading, StatusBadge } from '../components/page';
import { RoleNote } from '../components/role-note';
import { SandboxTokeniser } from '../components/sandbox-tokeniser';
import { DataTable, Facts } from '../components/table';
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

/** The account's payment methods; an ADMIN or PAYER adds one (cards through the gateway's form), chooses the default, removes. */
export default function PaymentMethods() {
  const t = useT();
  const name = useMethodName();
  const { pay } = useRole();
  const { data, loading, error } = useQuery(PAYMENT_METHODS);
  const [setDefault] = useMutation(SET_DEFAULT, refetch);
  const [remove] = useMutation(REMOVE, refetch);
  const { run, notice } = useOutcome();

  const methods = data?.paymentMethods ?? [];
  const offline = methods.filter((m) => m.remittanceInstructions);

  return (
    <>
      <PageHeading title={t('paymentMethods.title')} />
      <RoleNote />
      {loading && !data && <Loading />}
      {error && <ErrorNotice error={error} />}
      {data && (
        <section className="card" aria-labelledby="methods-list">
          <h2 id="methods-list">{t('paymentMethods.list')}</h2>
          {notice}
          <DataTable
            caption={t('paymentMethods.list')}
            rows={methods}
            rowKey={(m) => m.id}
            empty={t('paymentMethods.none')}
            columns={[
              { header: t('paymentMethods.method'), cell: (m) => name(m) },
              { header: t('paymentMethods.type'), cell: (m) => t(`methodType.${m.type}`) },
              {
                header: t('paymentMethods.details'),
                cell: (m) => (
                  <>
                    {m.expMonth && m.expYear
                      ? t('paymentMethods.expires', { month: String(m.expMonth).padStart(2, '0'), year: m.expYear })
                      : null}
                    {m.holderName && <div>{m.holderName}</div>}
                  </>
                ),
              },
              {
                header: t('paymentMethods.status'),
                cell: (m) => m.isDefault && <StatusBadge tone="good" label={t('paymentMethods.default')} />,
              },
              pay && {
                header: t('paymentMethods.actions'),
                cell: (m) => (
                  <div className="actions">
                    {!m.isDefault && (
                      <button
                        type="button"
                        aria-label={t('paymentMethods.makeDefaultOf', { name: name(m) })}
                        onClick={() =>
                          void run(
                            () => setDefault({ variables: { id: m.id } }),
                            t('paymentMethods.defaultSet', { name: name(m) }),
                          )
                        }
                      >
                        {t('paymentMethods.makeDefault')}
                      </button>
                    )}
                    <ConfirmButton
                      label={t('paymentMethods.remove')}
                      ariaLabel={t('paymentMethods.removeOf', { name: name(m) })}
                      question={t('paymentMethods.confirmRemove', { name: name(m) })}
                      yes={t('paymentMethods.yesRemove')}
                      keep={t('paymentMethods.keep')}
                      onConfirm={() =>
                        void run(
                          () => remove({ variables: { id: m.id } }),
                          t('paymentMethods.removed', { name: name(m) }),
                        )
                      }
                    />
                  </div>
                ),
              },
            ]}
          />
        </section>
      )}
      {offline.map((m) => {
        const r = m.remittanceInstructions!;
        return (
          <section className="card" key={m.id} aria-labelledby={`remit-${m.id}`}>
            <h2 id={`remit-${m.id}`}>
              {t(m.type === 'CHECK' ? 'paymentMethods.chequeHow' : 'paymentMethods.wireHow')}
            </h2>
            <Facts
              items={[
                ...(m.type === 'CHECK'
                  ? ([
                      [t('paymentMethods.payableTo'), r.checkPayableTo],
                      [t('paymentMethods.mailTo'), r.checkMailingAddress.map((line) => <div key={line}>{line}</div>)],
                    ] as const)
                  : ([
                      [t('paymentMethods.bank'), r.bankName],
                      [t('paymentMethods.accountName'), r.accountName],
                      [t('paymentMethods.iban'), r.iban],
                      [t('paymentMethods.swift'), r.swift],
                    ] as const)),
                [t('paymentMethods.reference'), r.reference],
              ]}
            />
          </section>
        );
      })}
      {data && pay && <AddMethod />}
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
