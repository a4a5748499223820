import { useMutation, useQuery } from '@apollo/client/react';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { Address, useCountryName } from '../components/address';
import { ErrorNotice, errorCode, useDescribeError } from '../components/errors';
import { TextField } from '../components/field';
import { Loading, Notice, PageHeading, StatusBadge } from '../components/page';
import { graphql } from '../graphql';
import { useFormat, useT } from '../i18n/i18n';

const BILL_TO = graphql(`
  query PortalBillTo {
    account {
      id
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
`);

const UPDATE_BILL_TO = graphql(`
  mutation PortalUpdateBillTo($input: BillToInput!) {
    updateBillTo(input: $input) {
      id
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
    }
  }
`);

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

type Result = { tone: 'success' | 'error'; message: string } | null;

/** Where the bills go: the Bill To contact and address (the country locked), the invoice recipients, the billing contact. */
export default function BillTo() {
  const t = useT();
  const { data, error, refetch } = useQuery(BILL_TO, { fetchPolicy: 'cache-and-network' });
  if (error && !data) return <ErrorNotice error={error} />;
  if (!data) return <Loading />;
  const { account } = data;
  return (
    <>
      <PageHeading title={t('billTo.title')} />
      <BillToForm billTo={account.billTo} />
      <Recipients recipients={account.invoiceRecipients} onChange={() => void refetch()} />
      <ContactChange
        contact={account.billingContact}
        pending={account.pendingBillingContactChange}
        onChange={() => void refetch()}
      />
    </>
  );
}

type BillToData = Record<BillToField, string | null | undefined> & { country: string };

function BillToForm({ billTo }: { billTo: BillToData }) {
  const t = useT();
  const describe = useDescribeError();
  const countryName = useCountryName();
  const [update, { loading }] = useMutation(UPDATE_BILL_TO);
  const [result, setResult] = useState<Result>(null);
  const toValues = (b: BillToData): BillToValues =>
    Object.fromEntries(FIELDS.map((f) => [f, b[f] ?? ''])) as BillToValues;
  const form = useForm<BillToValues>({ defaultValues: toValues(billTo) });
  const { errors } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setResult(null);
    const input = Object.fromEntries(
      FIELDS.map((f) => [f, values[f].trim() === '' ? null : values[f].trim()]),
    ) as Record<BillToField, string | null>;
    try {
      const { data } = await update({ variables: { input } });
      if (data) form.reset(toValues(data.updateBillTo.billTo));
      setResult({ tone: 'success', message: t('billTo.saved') });
    } catch (err) {
      const { field, code } = errorCode(err);
      if (field && (FIELDS as readonly string[]).includes(field)) {
        form.setError(field as BillToField, { type: 'server', message: describe(err) });
        form.setFocus(field as BillToField);
      }
      setResult({
        tone: 'error',
        message: code === 'COUNTRY_LOCKED' ? t('billTo.countryLocked') : describe(err),
      });
    }
  });

  const field = (name: BillToField, options: { required?: boolean; type?: string; autoComplete?: string } = {}) => (
    <TextField
      key={name}
      label={t(`billTo.field.${name}`)}
      type={options.type ?? 'text'}
      autoComplete={options.autoComplete}
      error={errors[name] && (errors[name].message || t('form.required'))}
      {...form.register(name, { required: options.required })}
    />
  );

  return (
    <section className="card" aria-labelledby="billto-address">
      <h2 id="billto-address">{t('billTo.address')}</h2>
      <Address value={billTo} />
      {result && <Notice tone={result.tone}>{result.message}</Notice>}
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        {field('companyName', { autoComplete: 'organization' })}
        {field('contactName', { required: true, autoComplete: 'name' })}
        {field('addressLine1', { autoComplete: 'address-line1' })}
        {field('addressLine2', { autoComplete: 'address-line2' })}
        {field('city', { autoComplete: 'address-level2' })}
        {field('region', { autoComplete: 'address-level1' })}
        {field('postalCode', { autoComplete: 'postal-code' })}
        <TextField
          label={t('billTo.field.country')}
          value={countryName(billTo.country)}
          disabled
          readOnly
          hint={t('billTo.countryHint')}
        />
        {field('email', { type: 'email', autoComplete: 'email' })}
        {field('phone', { type: 'tel', autoComplete: 'tel' })}
        <button type="submit" className="primary" disabled={loading}>
          {loading ? t('form.saving') : t('form.save')}
        </button>
      </form>
    </section>
  );
}

interface Recipient {
  id: string;
  email: string;
  name?: string | null;
}

function Recipients({ recipients, onChange }: { recipients: Recipient[]; onChange: () => void }) {
  const t = useT();
  const describe = useDescribeError();
  const [add, { loading: adding }] = useMutation(ADD_RECIPIENT);
  const [remove] = useMutation(REMOVE_RECIPIENT);
  const [result, setResult] = useState<Result>(null);
  const form = useForm<{ email: string; name: string }>({ defaultValues: { email: '', name: '' } });
  const { errors } = form.formState;

  const onAdd = form.handleSubmit(async ({ email, name }) => {
    setResult(null);
    try {
      await add({ variables: { input: { email: email.trim(), name: name.trim() || null } } });
      form.reset();
      setResult({ tone: 'success', message: t('billTo.recipientAdded', { email: email.trim() }) });
      onChange();
    } catch (err) {
      const { field } = errorCode(err);
      if (field === 'email' || field === 'name') form.setError(field, { type: 'server', message: describe(err) });
      setResult({ tone: 'error', message: describe(err) });
    }
  });

  const onRemove = async (r: Recipient) => {
    setResult(null);
    try {
      await remove({ variables: { id: r.id } });
      setResult({ tone: 'success', message: t('billTo.recipientRemoved', { email: r.email }) });
      onChange();
    } catch (err) {
      setResult({ tone: 'error', message: describe(err) });
    }
  };

  return (
    <section className="card" aria-labelledby="billto-recipients">
      <h2 id="billto-recipients">{t('billTo.recipients')}</h2>
      <p>{t('billTo.recipientsIntro')}</p>
      {result && <Notice tone={result.tone}>{result.message}</Notice>}
      {recipients.length === 0 ? (
        <p>{t('billTo.noRecipients')}</p>
      ) : (
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">{t('billTo.recipients')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('billTo.recipientEmail')}</th>
                <th scope="col">{t('billTo.recipientName')}</th>
                <th scope="col">{t('billTo.recipientActions')}</th>
              </tr>
            </thead>
            <tbody>
              {recipients.map((r) => (
                <RecipientRow key={r.id} recipient={r} onRemove={() => void onRemove(r)} onChange={onChange} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form onSubmit={(e) => void onAdd(e)} noValidate>
        <h3>{t('billTo.addRecipient')}</h3>
        <TextField
          label={t('billTo.recipientEmail')}
          type="email"
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
    </section>
  );
}

function RecipientRow({
  recipient,
  onRemove,
  onChange,
}: {
  recipient: Recipient;
  onRemove: () => void;
  onChange: () => void;
}) {
  const t = useT();
  const describe = useDescribeError();
  const [editing, setEditing] = useState(false);
  const [rename, { loading }] = useMutation(RENAME_RECIPIENT);
  const form = useForm<{ name: string }>({ defaultValues: { name: recipient.name ?? '' } });
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    if (!editing) form.reset({ name: recipient.name ?? '' });
  }, [editing, recipient.name, form]);

  const onSave = form.handleSubmit(async ({ name }) => {
    setProblem(null);
    try {
      await rename({ variables: { id: recipient.id, name: name.trim() || null } });
      setEditing(false);
      onChange();
    } catch (err) {
      setProblem(describe(err));
    }
  });

  return (
    <tr>
      <td>{recipient.email}</td>
      <td>
        {editing ? (
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
              <button type="button" onClick={() => setEditing(false)}>
                {t('form.cancel')}
              </button>
            </div>
          </form>
        ) : (
          (recipient.name ?? '')
        )}
      </td>
      <td>
        {!editing && (
          <div className="actions">
            <button
              type="button"
              onClick={() => setEditing(true)}
              aria-label={t('billTo.renameRecipient', { email: recipient.email })}
            >
              {t('billTo.rename')}
            </button>
            <button
              type="button"
              className="danger"
              onClick={onRemove}
              aria-label={t('billTo.removeRecipient', { email: recipient.email })}
            >
              {t('billTo.remove')}
            </button>
          </div>
        )}
      </td>
    </tr>
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
  onChange,
}: {
  contact?: Person | null;
  pending?: { id: string; createdAt: string; newContact: Person } | null;
  onChange: () => void;
}) {
  const t = useT();
  const format = useFormat();
  const describe = useDescribeError();
  const [request, { loading }] = useMutation(REQUEST_CHANGE);
  const [cancel, { loading: cancelling }] = useMutation(CANCEL_CHANGE);
  const [result, setResult] = useState<Result>(null);
  const form = useForm<Person>({ defaultValues: { billingUserId: '', displayName: '', email: '' } });
  const { errors } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setResult(null);
    try {
      await request({
        variables: {
          input: {
            billingUserId: values.billingUserId.trim(),
            displayName: values.displayName.trim(),
            email: values.email.trim(),
          },
        },
      });
      form.reset();
      setResult({ tone: 'success', message: t('billTo.changeRequested', { name: values.displayName.trim() }) });
      onChange();
    } catch (err) {
      const { field } = errorCode(err);
      if (field === 'billingUserId' || field === 'displayName' || field === 'email')
        form.setError(field, { type: 'server', message: describe(err) });
      setResult({ tone: 'error', message: describe(err) });
    }
  });

  const onCancel = async () => {
    setResult(null);
    try {
      await cancel();
      setResult({ tone: 'success', message: t('billTo.changeCancelled') });
      onChange();
    } catch (err) {
      setResult({ tone: 'error', message: describe(err) });
    }
  };

  return (
    <section className="card" aria-labelledby="billto-contact">
      <h2 id="billto-contact">{t('billTo.contact')}</h2>
      {contact && (
        <dl className="facts">
          <dt>{t('billTo.contactName')}</dt>
          <dd>{contact.displayName}</dd>
          <dt>{t('billTo.contactUserId')}</dt>
          <dd>{contact.billingUserId}</dd>
          <dt>{t('billTo.contactEmail')}</dt>
          <dd>{contact.email}</dd>
        </dl>
      )}
      {result && <Notice tone={result.tone}>{result.message}</Notice>}
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
          <button type="button" className="danger" disabled={cancelling} onClick={() => void onCancel()}>
            {t('billTo.cancelChange')}
          </button>
        </div>
      ) : (
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
      )}
    </section>
  );
}
