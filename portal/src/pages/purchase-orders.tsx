import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useRole } from '../api/role';
import { ConfirmButton } from '../components/confirm';
import { errorCode, ErrorNotice, useDescribeError, useOutcome } from '../components/errors';
import { TextField } from '../components/field';
import { Loading, Notice, PageHeading, StatusBadge } from '../components/page';
import { RoleNote } from '../components/role-note';
import { DataTable } from '../components/table';
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
      description
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
    clear: () => setProblem(null),
    fail: (err: unknown) => {
      const { code, field, message } = errorCode(err);
      if (code === 'CONFLICT' && /already exists/.test(message ?? ''))
        setProblem({ field: 'number', message: t('purchaseOrders.numberTaken') });
      else if (code === 'BAD_USER_INPUT' && field === 'expiresOn')
        setProblem({ field, message: t('purchaseOrders.expiresBeforeStart') });
      else setProblem({ field: code === 'BAD_USER_INPUT' ? field : null, message: describe(err) });
    },
    at: (name: string) => (problem?.field === name ? problem.message : undefined),
    general: problem && !FIELDS.includes(problem.field as (typeof FIELDS)[number]) ? problem.message : null,
  };
}

/** What the service is sent for a purchase order's number, description and dates. */
const inputOf = (values: PoValues) => ({
  number: values.number.trim(),
  description: values.description.trim() || null,
  validFrom: values.validFrom,
  expiresOn: values.expiresOn,
});

/** The account's purchase orders; an ADMIN adds, edits the number, description and dates, chooses the default, deactivates. */
export default function PurchaseOrders() {
  const t = useT();
  const { manage } = useRole();
  const { date } = useFormat();
  const { data, loading, error } = useQuery(PURCHASE_ORDERS);
  const [setDefault] = useMutation(SET_DEFAULT, refetch);
  const [deactivate] = useMutation(DEACTIVATE, refetch);
  const [editing, setEditing] = useState<string | null>(null);
  const { run, setOutcome, notice } = useOutcome();
  const orders = data?.account.purchaseOrders ?? [];
  const edited = orders.find((po) => po.id === editing);

  return (
    <>
      <PageHeading title={t('purchaseOrders.title')} />
      <RoleNote />
      {loading && !data && <Loading />}
      {error && <ErrorNotice error={error} />}
      {data && (
        <section className="card" aria-labelledby="po-list">
          <h2 id="po-list">{t('purchaseOrders.list')}</h2>
          {notice}
          <DataTable
            caption={t('purchaseOrders.list')}
            rows={orders}
            rowKey={(po) => po.id}
            empty={t('purchaseOrders.none')}
            columns={[
              {
                header: t('purchaseOrders.number'),
                cell: (po) => (
                  <>
                    {po.number}
                    {po.description && <div className="field-hint">{po.description}</div>}
                  </>
                ),
              },
              { header: t('purchaseOrders.validFrom'), cell: (po) => date(po.validFrom) },
              {
                header: t('purchaseOrders.expiresOn'),
                cell: (po) => (
                  <>
                    {date(po.expiresOn)}
                    {po.expiresSoon && !po.deactivated && (
                      <>
                        {' '}
                        <StatusBadge tone="attention" label={t('purchaseOrders.expiresSoon')} />
                      </>
                    )}
                  </>
                ),
              },
              {
                header: t('purchaseOrders.status'),
                cell: (po) => (
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
                ),
              },
              manage && {
                header: t('purchaseOrders.actions'),
                cell: (po) =>
                  !po.deactivated && (
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
                            void run(
                              () => setDefault({ variables: { id: po.id } }),
                              t('purchaseOrders.defaultSet', { number: po.number }),
                            )
                          }
                        >
                          {t('purchaseOrders.makeDefault')}
                        </button>
                      )}
                      <ConfirmButton
                        label={t('purchaseOrders.deactivate')}
                        ariaLabel={t('purchaseOrders.deactivateOf', { number: po.number })}
                        question={t('purchaseOrders.confirmDeactivate', { number: po.number })}
                        yes={t('purchaseOrders.yesDeactivate')}
                        keep={t('purchaseOrders.keep')}
                        onConfirm={() => {
                          if (editing === po.id) setEditing(null);
                          void run(
                            () => deactivate({ variables: { id: po.id } }),
                            t('purchaseOrders.deactivatedDone', { number: po.number }),
                          );
                        }}
                      />
                    </div>
                  ),
              },
            ]}
          />
        </section>
      )}
      {edited && manage && (
        <OrderForm
          key={edited.id}
          order={edited}
          onSaved={(number) => {
            setEditing(null);
            setOutcome({ tone: 'success', message: t('purchaseOrders.saved', { number }) });
          }}
          onCancel={() => setEditing(null)}
        />
      )}
      {data && manage && <OrderForm />}
    </>
  );
}

/**
 * The form for a purchase order: with `order`, its edit (number, description
 * and dates); without, a new one (which can be made the default at once).
 */
function OrderForm({
  order,
  onSaved,
  onCancel,
}: {
  order?: { id: string; number: string; description?: string | null; validFrom: string; expiresOn: string };
  onSaved?: (number: string) => void;
  onCancel?: () => void;
}) {
  const t = useT();
  const [create, { loading: creating }] = useMutation(CREATE, refetch);
  const [update, { loading: updating }] = useMutation(UPDATE, refetch);
  const problem = useProblem();
  const [done, setDone] = useState<string | null>(null);
  const empty: PoValues = { number: '', description: '', validFrom: '', expiresOn: '', makeDefault: false };
  const form = useForm<PoValues>({
    defaultValues: order
      ? {
          number: order.number,
          description: order.description ?? '',
          validFrom: order.validFrom,
          expiresOn: order.expiresOn,
          makeDefault: false,
        }
      : empty,
  });
  const errors = form.formState.errors;
  const required = (name: 'number' | 'validFrom' | 'expiresOn') =>
    (errors[name] && t('form.required')) || problem.at(name);

  const onSubmit = form.handleSubmit(async (values) => {
    problem.clear();
    setDone(null);
    const input = inputOf(values);
    try {
      if (order) {
        await update({ variables: { id: order.id, input } });
        onSaved?.(input.number);
      } else {
        await create({ variables: { input: { ...input, makeDefault: values.makeDefault } } });
        form.reset();
        setDone(t('purchaseOrders.added', { number: input.number }));
      }
    } catch (err) {
      problem.fail(err);
    }
  });
  const id = order ? 'po-edit' : 'po-add';

  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{order ? t('purchaseOrders.editTitle', { number: order.number }) : t('purchaseOrders.addTitle')}</h2>
      {done && <Notice tone="success">{done}</Notice>}
      {problem.general && <Notice tone="error">{problem.general}</Notice>}
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <TextField
          label={t('purchaseOrders.number')}
          aria-required
          error={required('number')}
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
          aria-required
          error={required('validFrom')}
          {...form.register('validFrom', { required: true })}
        />
        <TextField
          label={t('purchaseOrders.expiresOn')}
          type="date"
          aria-required
          error={required('expiresOn')}
          {...form.register('expiresOn', { required: true })}
        />
        {!order && (
          <div className="choice">
            <input id="po-make-default" type="checkbox" {...form.register('makeDefault')} />
            <label htmlFor="po-make-default">{t('purchaseOrders.makeItDefault')}</label>
          </div>
        )}
        <div className="actions">
          <button type="submit" className="primary" disabled={creating || updating}>
            {order ? t('form.save') : t('purchaseOrders.add')}
          </button>
          {order && (
            <button type="button" onClick={onCancel}>
              {t('form.cancel')}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
