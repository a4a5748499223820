import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { errorCode, ErrorNotice, useDescribeError } from '../components/errors';
import { TextField } from '../components/field';
import { Loading, Notice, PageHeading, StatusBadge } from '../components/page';
import { graphql } from '../graphql';
import { useFormat, useT } from '../i18n/i18n';

const PURCHASE_ORDERS = graphql(`
  query PortalPurchaseOrders {
    account {
      id
      purchaseOrders {
        id
        number
        description
        validFrom
        expiresOn
        expiresSoon
        isDefault
        deactivated
        status
      }
    }
  }
`);
const CREATE = graphql(`
  mutation PortalCreatePurchaseOrder($input: CreatePurchaseOrderInput!) {
    createPurchaseOrder(input: $input) {
      id
    }
  }
`);
const UPDATE = graphql(`
  mutation PortalUpdatePurchaseOrder($id: ID!, $input: UpdatePurchaseOrderInput!) {
    updatePurchaseOrder(id: $id, input: $input) {
      id
      number
      validFrom
      expiresOn
    }
  }
`);
const SET_DEFAULT = graphql(`
  mutation PortalSetDefaultPurchaseOrder($id: ID!) {
    setDefaultPurchaseOrder(id: $id) {
      id
      isDefault
    }
  }
`);
const DEACTIVATE = graphql(`
  mutation PortalDeactivatePurchaseOrder($id: ID!) {
    deactivatePurchaseOrder(id: $id) {
      id
      deactivated
    }
  }
`);

const refetch = { refetchQueries: ['PortalPurchaseOrders'], awaitRefetchQueries: true };

interface PoValues {
  number: string;
  description: string;
  validFrom: string;
  expiresOn: string;
  makeDefault: boolean;
}
const FIELDS = ['number', 'description', 'validFrom', 'expiresOn'] as const;

/** A form's problem: next to the field the service names, else above the form. */
function useProblem() {
  const t = useT();
  const describe = useDescribeError();
  const [problem, setProblem] = useState<{ field: string | null; message: string } | null>(null);
  return {
    problem,
    clear: () => setProblem(null),
    fail: (err: unknown) => {
      const { code, field } = errorCode(err);
      if (code === 'CONFLICT' && /already exists/.test(errorCode(err).message ?? ''))
        setProblem({ field: 'number', message: t('purchaseOrders.numberTaken') });
      else if (code === 'BAD_USER_INPUT' && field === 'expiresOn')
        setProblem({ field, message: t('purchaseOrders.expiresBeforeStart') });
      else setProblem({ field: code === 'BAD_USER_INPUT' ? field : null, message: describe(err) });
    },
    at: (name: string) => (problem?.field === name ? problem.message : undefined),
    general: problem && !FIELDS.includes(problem.field as (typeof FIELDS)[number]) ? problem.message : null,
  };
}

/** The account's purchase orders: add, edit the number and dates, choose the default, deactivate. */
export default function PurchaseOrders() {
  const t = useT();
  const { date } = useFormat();
  const describe = useDescribeError();
  const { data, loading, error } = useQuery(PURCHASE_ORDERS);
  const [setDefault] = useMutation(SET_DEFAULT, refetch);
  const [deactivate] = useMutation(DEACTIVATE, refetch);
  const [editing, setEditing] = useState<string | null>(null);
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
  const orders = data?.account.purchaseOrders ?? [];
  const edited = orders.find((po) => po.id === editing);

  return (
    <>
      <PageHeading title={t('purchaseOrders.title')} />
      {loading && !data && <Loading />}
      {error && <ErrorNotice error={error} />}
      {data && (
        <section className="card" aria-labelledby="po-list">
          <h2 id="po-list">{t('purchaseOrders.list')}</h2>
          {result && <Notice tone={result.tone}>{result.message}</Notice>}
          {orders.length === 0 ? (
            <p>{t('purchaseOrders.none')}</p>
          ) : (
            <div className="table-scroll">
              <table>
                <caption className="visually-hidden">{t('purchaseOrders.list')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('purchaseOrders.number')}</th>
                    <th scope="col">{t('purchaseOrders.validFrom')}</th>
                    <th scope="col">{t('purchaseOrders.expiresOn')}</th>
                    <th scope="col">{t('purchaseOrders.status')}</th>
                    <th scope="col">{t('purchaseOrders.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {orders.map((po) => (
                    <tr key={po.id}>
                      <td>
                        {po.number}
                        {po.description && <div className="field-hint">{po.description}</div>}
                      </td>
                      <td>{date(po.validFrom)}</td>
                      <td>
                        {date(po.expiresOn)}
                        {po.expiresSoon && !po.deactivated && (
                          <>
                            {' '}
                            <StatusBadge tone="attention" label={t('purchaseOrders.expiresSoon')} />
                          </>
                        )}
                      </td>
                      <td>
                        <div className="actions">
                          {po.deactivated ? (
                            <StatusBadge tone="neutral" label={t('purchaseOrders.deactivated')} />
                          ) : (
                            <StatusBadge
                              tone={po.status === 'ACTIVE' ? 'good' : po.status === 'EXPIRED' ? 'bad' : 'neutral'}
                              label={t(`poStatus.${po.status}`)}
                            />
                          )}
                          {po.isDefault && <StatusBadge tone="good" label={t('purchaseOrders.default')} />}
                        </div>
                      </td>
                      <td>
                        {!po.deactivated && (
                          <div className="actions">
                            <button
                              type="button"
                              aria-label={t('purchaseOrders.editOf', { number: po.number })}
                              onClick={() => setEditing(po.id)}
                            >
                              {t('purchaseOrders.edit')}
                            </button>
                            {!po.isDefault && (
                              <button
                                type="button"
                                aria-label={t('purchaseOrders.makeDefaultOf', { number: po.number })}
                                onClick={() =>
                                  void act(
                                    () => setDefault({ variables: { id: po.id } }),
                                    t('purchaseOrders.defaultSet', { number: po.number }),
                                  )
                                }
                              >
                                {t('purchaseOrders.makeDefault')}
                              </button>
                            )}
                            <button
                              type="button"
                              className="danger"
                              aria-label={t('purchaseOrders.deactivateOf', { number: po.number })}
                              onClick={() =>
                                void act(
                                  () => deactivate({ variables: { id: po.id } }),
                                  t('purchaseOrders.deactivatedDone', { number: po.number }),
                                )
                              }
                            >
                              {t('purchaseOrders.deactivate')}
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
      {edited && (
        <EditOrder
          key={edited.id}
          order={edited}
          onDone={(number) => {
            setEditing(null);
            setResult({ tone: 'success', message: t('purchaseOrders.saved', { number }) });
          }}
          onCancel={() => setEditing(null)}
        />
      )}
      {data && <AddOrder />}
    </>
  );
}

function EditOrder({
  order,
  onDone,
  onCancel,
}: {
  order: { id: string; number: string; validFrom: string; expiresOn: string };
  onDone: (number: string) => void;
  onCancel: () => void;
}) {
  const t = useT();
  const [update, { loading }] = useMutation(UPDATE, refetch);
  const problem = useProblem();
  const form = useForm<PoValues>({
    defaultValues: { number: order.number, validFrom: order.validFrom, expiresOn: order.expiresOn },
  });
  const errors = form.formState.errors;
  const onSubmit = form.handleSubmit(async (values) => {
    problem.clear();
    try {
      await update({
        variables: {
          id: order.id,
          input: { number: values.number.trim(), validFrom: values.validFrom, expiresOn: values.expiresOn },
        },
      });
      onDone(values.number.trim());
    } catch (err) {
      problem.fail(err);
    }
  });
  return (
    <section className="card" aria-labelledby="po-edit">
      <h2 id="po-edit">{t('purchaseOrders.editTitle', { number: order.number })}</h2>
      {problem.general && <Notice tone="error">{problem.general}</Notice>}
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <TextField
          label={t('purchaseOrders.number')}
          error={(errors.number && t('form.required')) || problem.at('number')}
          {...form.register('number', { required: true, validate: (v) => v.trim() !== '' })}
        />
        <TextField
          label={t('purchaseOrders.validFrom')}
          type="date"
          error={(errors.validFrom && t('form.required')) || problem.at('validFrom')}
          {...form.register('validFrom', { required: true })}
        />
        <TextField
          label={t('purchaseOrders.expiresOn')}
          type="date"
          error={(errors.expiresOn && t('form.required')) || problem.at('expiresOn')}
          {...form.register('expiresOn', { required: true })}
        />
        <div className="actions">
          <button type="submit" className="primary" disabled={loading}>
            {t('form.save')}
          </button>
          <button type="button" onClick={onCancel}>
            {t('form.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}

function AddOrder() {
  const t = useT();
  const [create, { loading }] = useMutation(CREATE, refetch);
  const problem = useProblem();
  const [done, setDone] = useState<string | null>(null);
  const form = useForm<PoValues>({
    defaultValues: { number: '', description: '', validFrom: '', expiresOn: '', makeDefault: false },
  });
  const errors = form.formState.errors;
  const onSubmit = form.handleSubmit(async (values) => {
    problem.clear();
    setDone(null);
    try {
      await create({
        variables: {
          input: {
            number: values.number.trim(),
            description: values.description.trim() || null,
            validFrom: values.validFrom,
            expiresOn: values.expiresOn,
            makeDefault: values.makeDefault,
          },
        },
      });
      form.reset();
      setDone(t('purchaseOrders.added', { number: values.number.trim() }));
    } catch (err) {
      problem.fail(err);
    }
  });
  return (
    <section className="card" aria-labelledby="po-add">
      <h2 id="po-add">{t('purchaseOrders.addTitle')}</h2>
      {done && <Notice tone="success">{done}</Notice>}
      {problem.general && <Notice tone="error">{problem.general}</Notice>}
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <TextField
          label={t('purchaseOrders.number')}
          error={(errors.number && t('form.required')) || problem.at('number')}
          {...form.register('number', { required: true, validate: (v) => v.trim() !== '' })}
        />
        <TextField
          label={`${t('purchaseOrders.description')} (${t('form.optional')})`}
          error={problem.at('description')}
          {...form.register('description')}
        />
        <TextField
          label={t('purchaseOrders.validFrom')}
          type="date"
          error={(errors.validFrom && t('form.required')) || problem.at('validFrom')}
          {...form.register('validFrom', { required: true })}
        />
        <TextField
          label={t('purchaseOrders.expiresOn')}
          type="date"
          error={(errors.expiresOn && t('form.required')) || problem.at('expiresOn')}
          {...form.register('expiresOn', { required: true })}
        />
        <div className="choice">
          <input id="po-make-default" type="checkbox" {...form.register('makeDefault')} />
          <label htmlFor="po-make-default">{t('purchaseOrders.makeItDefault')}</label>
        </div>
        <button type="submit" className="primary" disabled={loading}>
          {t('purchaseOrders.add')}
        </button>
      </form>
    </section>
  );
}
