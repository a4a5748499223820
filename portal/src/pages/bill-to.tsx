import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { BILL_TO_FIELDS } from '../api/fragments';
import { useRole } from '../api/role';
import { Before } from '../components/before';
import { Address, useCountryName } from '../components/address';
import { errorCode, useDescribeError, useFieldError, useOutcome } from '../components/errors';
import { TextField } from '../components/field';
import { PageHeading, StatusBadge } from '../components/page';
import { RoleNote } from '../components/role-note';
import { DataTable, Facts } from '../components/table';
import { graphql } from '../graphql';
import { useFormat, useT } from '../i18n/i18n';

const BILL_TO = graphql(
  `
    query PortalBillTo {
      account {
        id
        billTo {
          ...PortalBillToFields
        }
        billingContact {
          id
          billingUserId
          displayName
          email
        }
        invoiceRecipients {
          id
          email
          name
          createdAt
        }
        pendingBillingContactChange {
          id
          createdAt
          status
          newContact {
            id
            billingUserId
            displayName
            email
          }
        }
      }
    }
  `,
  [BILL_TO_FIELDS],
);

const UPDATE_BILL_TO = graphql(
  `
    mutation PortalUpdateBillTo($input: BillToInput!) {
      updateBillTo(input: $input) {
        id
        billTo {
          ...PortalBillToFields
        }
      }
    }
  `,
  [BILL_TO_FIELDS],
);

const ADD_RECIPIENT = graphql(`
  mutation PortalAddRecipient($input: AddInvoiceRecipientInput!) {
    addInvoiceRecipient(input: $input) {
      id
      email
      name
    }
  }
`);

const RENAME_RECIPIENT = graphql(`
  mutation PortalRenameRecipient($id: ID!, $name: String) {
    renameInvoiceRecipient(id: $id, name: $name) {
      id
      name
    }
  }
`);

const REMOVE_RECIPIENT = graphql(`
  mutation PortalRemoveRecipient($id: ID!) {
    removeInvoiceRecipient(id: $id)
  }
`);

const REQUEST_CHANGE = graphql(`
  mutation PortalRequestContactChange($input: NewBillingContactInput!) {
    requestBillingContactChange(input: $input) {
      id
      status
    }
  }
`);

const CANCEL_CHANGE = graphql(`
  mutation PortalCancelContactChange {
    cancelBillingContactChange
  }
`);

const FIELDS = [
  'companyName',
  'contactName',
  'addressLine1',
  'addressLine2',
  'city',
  'region',
  'postalCode',
  'email',
  'phone',
] as const;
type BillToField = (typeof FIELDS)[number];
type BillToValues = Record<BillToField, string>;

/**
 * Where the bills go: the Bill To contact and address (the country locked), the invoice recipients, the billing
 * contact. Every portal role sees them; only an ADMIN changes them.
 */
export default function BillTo() {
  const t = useT();
  const { manage } = useRole();
  const { data, error, refetch } = useQuery(BILL_TO, { fetchPolicy: 'cache-and-network' });
  if (!data) return <Before error={error} />;
  const { account } = data;
  return (
    <>
      <PageHeading title={t('billTo.title')} />
      <RoleNote />
      <BillToForm billTo={account.billTo} editable={manage} />
      <Recipients recipients={account.invoiceRecipients} editable={manage} onChange={() => void refetch()} />
      <ContactChange
        contact={account.billingContact}
        pending={account.pendingBillingContactChange}
        editable={manage}
        onChange={() => void refetch()}
      />
    </>
  );
}

type BillToData = Record<BillToField, string | null | undefined> & { country: string };

function BillToForm({ billTo, editable }: { billTo: BillToData; editable: boolean }) {
  const t = useT();
  const countryName = useCountryName();
  const fieldError = useFieldError();
  const [update, { loading }] = useMutation(UPDATE_BILL_TO);
  const { run, notice } = useOutcome();
  const toValues = (b: BillToData): BillToValues =>
    Object.fromEntries(FIELDS.map((f) => [f, b[f] ?? ''])) as BillToValues;
  const form = useForm<BillToValues>({ defaultValues: toValues(billTo) });
  const { errors } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    const input = Object.fromEntries(
      FIELDS.map((f) => [f, values[f].trim() === '' ? null : values[f].trim()]),
    ) as Record<BillToField, string | null>;
    await run(
      async () => {
        const { data } = await update({ variables: { input } });
        if (data) form.reset(toValues(data.updateBillTo.billTo));
      },
      t('billTo.saved'),
      (err) => {
        fieldError(form, err, FIELDS);
        return errorCode(err).code === 'COUNTRY_LOCKED' ? t('billTo.countryLocked') : undefined;
      },
    );
  });

  // What the service requires is marked required here too (and announced); the rest says "optional".
  const field = (name: BillToField, options: { required?: boolean; type?: string; autoComplete?: string } = {}) => (
    <TextField
      key={name}
      label={options.required ? t(`billTo.field.${name}`) : `${t(`billTo.field.${name}`)} (${t('form.optional')})`}
      type={options.type ?? 'text'}
      autoComplete={options.autoComplete}
      aria-required={options.required || undefined}
      error={errors[name] && (errors[name].message || t('form.required'))}
      {...form.register(name, options.required ? { validate: (v) => v.trim() !== '' } : {})}
    />
  );

  return (
    <section className="card" aria-labelledby="billto-address">
      <h2 id="billto-address">{t('billTo.address')}</h2>
      <Address value={billTo} />
      {notice}
      {editable && (
        <form onSubmit={(e) => void onSubmit(e)} noValidate>
          {field('companyName', { autoComplete: 'organization' })}
          {field('contactName', { required: true, autoComplete: 'name' })}
          {field('addressLine1', { required: true, autoComplete: 'address-line1' })}
          {field('addressLine2', { autoComplete: 'address-line2' })}
          {field('city', { required: true, autoComplete: 'address-level2' })}
          {field('region', { autoComplete: 'address-level1' })}
          {field('postalCode', { autoComplete: 'postal-code' })}
          <TextField
            label={t('billTo.field.country')}
            value={countryName(billTo.country)}
            disabled
            readOnly
            hint={t('billTo.countryHint')}
          />
          {field('email', { required: true, type: 'email', autoComplete: 'email' })}
          {field('phone', { type: 'tel', autoComplete: 'tel' })}
          <button type="submit" className="primary" disabled={loading}>
            {loading ? t('form.saving') : t('form.save')}
          </button>
        </form>
      )}
    </section>
  );
}

interface Recipient {
  id: string;
  email: string;
  name?: string | null;
}

function Recipients({
  recipients,
  editable,
  onChange,
}: {
  recipients: Recipient[];
  editable: boolean;
  onChange: () => void;
}) {
  const t = useT();
  const fieldError = useFieldError();
  const [add, { loading: adding }] = useMutation(ADD_RECIPIENT);
  const [remove] = useMutation(REMOVE_RECIPIENT);
  const [renaming, setRenaming] = useState<string | null>(null);
  const { run, notice } = useOutcome();
  const form = useForm<{ email: string; name: string }>({ defaultValues: { email: '', name: '' } });
  const { errors } = form.formState;

  const onAdd = form.handleSubmit(async ({ email, name }) => {
    const added = await run(
      () => add({ variables: { input: { email: email.trim(), name: name.trim() || null } } }),
      t('billTo.recipientAdded', { email: email.trim() }),
      (err) => fieldError(form, err, ['email', 'name'] as const),
    );
    if (!added) return;
    form.reset();
    onChange();
  });

  const onRemove = async (r: Recipient) => {
    if (await run(() => remove({ variables: { id: r.id } }), t('billTo.recipientRemoved', { email: r.email })))
      onChange();
  };

  return (
    <section className="card" aria-labelledby="billto-recipients">
      <h2 id="billto-recipients">{t('billTo.recipients')}</h2>
      <p>{t('billTo.recipientsIntro')}</p>
      {notice}
      <DataTable
        caption={t('billTo.recipients')}
        rows={recipients}
        rowKey={(r) => r.id}
        empty={t('billTo.noRecipients')}
        columns={[
          { header: t('billTo.recipientEmail'), cell: (r) => r.email },
          {
            header: t('billTo.recipientName'),
            cell: (r) =>
              renaming === r.id ? (
                <RenameRecipient
                  recipient={r}
                  onDone={() => {
                    setRenaming(null);
                    onChange();
                  }}
                  onCancel={() => setRenaming(null)}
                />
              ) : (
                (r.name ?? '')
              ),
          },
          editable && {
            header: t('billTo.recipientActions'),
            cell: (r) =>
              renaming !== r.id && (
                <div className="actions">
                  <button
                    type="button"
                    onClick={() => setRenaming(r.id)}
                    aria-label={t('billTo.renameRecipient', { email: r.email })}
                  >
                    {t('billTo.rename')}
                  </button>
                  <button
                    type="button"
                    className="danger"
                    onClick={() => void onRemove(r)}
                    aria-label={t('billTo.removeRecipient', { email: r.email })}
                  >
                    {t('billTo.remove')}
                  </button>
                </div>
              ),
          },
        ]}
      />
      {editable && (
        <form onSubmit={(e) => void onAdd(e)} noValidate>
          <h3>{t('billTo.addRecipient')}</h3>
          <TextField
            label={t('billTo.recipientEmail')}
            type="email"
            aria-required
            error={errors.email && (errors.email.message || t('form.required'))}
            {...form.register('email', { required: true })}
          />
          <TextField
            label={`${t('billTo.recipientName')} (${t('form.optional')})`}
            error={errors.name?.message}
            {...form.register('name')}
          />
          <button type="submit" className="primary" disabled={adding}>
            {t('billTo.addRecipient')}
          </button>
        </form>
      )}
    </section>
  );
}

function RenameRecipient({
  recipient,
  onDone,
  onCancel,
}: {
  recipient: Recipient;
  onDone: () => void;
  onCancel: () => void;
}) {
  const t = useT();
  const describe = useDescribeError();
  const [rename, { loading }] = useMutation(RENAME_RECIPIENT);
  const form = useForm<{ name: string }>({ defaultValues: { name: recipient.name ?? '' } });
  const [problem, setProblem] = useState<string | null>(null);

  const onSave = form.handleSubmit(async ({ name }) => {
    setProblem(null);
    try {
      await rename({ variables: { id: recipient.id, name: name.trim() || null } });
      onDone();
    } catch (err) {
      setProblem(describe(err));
    }
  });

  return (
    <form onSubmit={(e) => void onSave(e)} noValidate>
      <TextField
        label={t('billTo.newName', { email: recipient.email })}
        error={problem ?? undefined}
        {...form.register('name')}
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
  );
}

interface Person {
  billingUserId: string;
  displayName: string;
  email: string;
}

function ContactChange({
  contact,
  pending,
  editable,
  onChange,
}: {
  contact?: Person | null;
  pending?: { id: string; createdAt: string; newContact: Person } | null;
  editable: boolean;
  onChange: () => void;
}) {
  const t = useT();
  const format = useFormat();
  const fieldError = useFieldError();
  const [request, { loading }] = useMutation(REQUEST_CHANGE);
  const [cancel, { loading: cancelling }] = useMutation(CANCEL_CHANGE);
  const { run, notice } = useOutcome();
  const form = useForm<Person>({ defaultValues: { billingUserId: '', displayName: '', email: '' } });
  const { errors } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    const input = {
      billingUserId: values.billingUserId.trim(),
      displayName: values.displayName.trim(),
      email: values.email.trim(),
    };
    const requested = await run(
      () => request({ variables: { input } }),
      t('billTo.changeRequested', { name: input.displayName }),
      (err) => fieldError(form, err, ['billingUserId', 'displayName', 'email']),
    );
    if (!requested) return;
    form.reset();
    onChange();
  });

  const onCancel = async () => {
    if (await run(() => cancel(), t('billTo.changeCancelled'))) onChange();
  };

  return (
    <section className="card" aria-labelledby="billto-contact">
      <h2 id="billto-contact">{t('billTo.contact')}</h2>
      {contact && (
        <Facts
          items={[
            [t('billTo.contactName'), contact.displayName],
            [t('billTo.contactUserId'), contact.billingUserId],
            [t('billTo.contactEmail'), contact.email],
          ]}
        />
      )}
      {notice}
      {pending ? (
        <div className="pending-change">
          <p>
            <StatusBadge label={t('billTo.changePending')} tone="attention" />{' '}
            {t('billTo.changePendingText', {
              name: pending.newContact.displayName,
              userId: pending.newContact.billingUserId,
              email: pending.newContact.email,
              date: format.dateTime(pending.createdAt),
            })}
          </p>
          {editable && (
            <button type="button" className="danger" disabled={cancelling} onClick={() => void onCancel()}>
              {t('billTo.cancelChange')}
            </button>
          )}
        </div>
      ) : editable ? (
        <form onSubmit={(e) => void onSubmit(e)} noValidate>
          <h3>{t('billTo.changeContact')}</h3>
          <p>{t('billTo.changeIntro')}</p>
          <TextField
            label={t('billTo.newDisplayName')}
            autoComplete="off"
            error={errors.displayName && (errors.displayName.message || t('form.required'))}
            {...form.register('displayName', { required: true })}
          />
          <TextField
            label={t('billTo.newUserId')}
            autoComplete="off"
            hint={t('billTo.newUserIdHint')}
            error={errors.billingUserId && (errors.billingUserId.message || t('form.required'))}
            {...form.register('billingUserId', { required: true })}
          />
          <TextField
            label={t('billTo.newEmail')}
            type="email"
            autoComplete="off"
            error={errors.email && (errors.email.message || t('form.required'))}
            {...form.register('email', { required: true })}
          />
          <button type="submit" className="primary" disabled={loading}>
            {t('billTo.requestChange')}
          </button>
        </form>
      ) : null}
    </section>
  );
}
