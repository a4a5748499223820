import { CombinedGraphQLErrors } from '@apollo/client';
import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useMe } from '../api/me';
import { useRole, type PortalRole } from '../api/role';
import { ConfirmButton } from '../components/confirm';
import { errorCode, ErrorNotice, useDescribeError, useOutcome } from '../components/errors';
import { SelectField, TextField } from '../components/field';
import { Loading, Notice, PageHeading, StatusBadge } from '../components/page';
import { RoleNote } from '../components/role-note';
import { DataTable } from '../components/table';
import { graphql } from '../graphql';
import { useT } from '../i18n/i18n';

const ACCOUNT_USERS = graphql(`
  query PortalAccountUsers {
    accountUsers {
      id
      billingUserId
      displayName
      email
      portalRole
      status
      isBillingContact
      activatedAt
    }
  }
`);

const INVITE = graphql(`
  mutation PortalInviteAccountUser($input: InviteAccountUserInput!) {
    inviteAccountUser(input: $input) {
      id
      status
      portalRole
    }
  }
`);
const CHANGE_ROLE = graphql(`
  mutation PortalChangeAccountUserRole($userId: ID!, $role: PortalRole!) {
    changeAccountUserRole(userId: $userId, role: $role) {
      id
      portalRole
    }
  }
`);
const DEACTIVATE = graphql(`
  mutation PortalDeactivateAccountUser($userId: ID!) {
    deactivateAccountUser(userId: $userId) {
      id
      status
    }
  }
`);
const REACTIVATE = graphql(`
  mutation PortalReactivateAccountUser($userId: ID!) {
    reactivateAccountUser(userId: $userId) {
      id
      status
    }
  }
`);
const RESEND = graphql(`
  mutation PortalResendInvitation($userId: ID!) {
    resendInvitation(userId: $userId) {
      id
      status
    }
  }
`);

const ROLES: readonly PortalRole[] = ['ADMIN', 'PAYER', 'VIEWER'];

interface User {
  id: string;
  billingUserId: string;
  displayName: string;
  email: string;
  portalRole?: PortalRole | null;
  status: 'ACTIVE' | 'INVITED' | 'DISABLED';
  isBillingContact: boolean;
  activatedAt?: string | null;
}

const statusTone = (status: User['status']) =>
  status === 'ACTIVE' ? 'good' : status === 'INVITED' ? 'attention' : 'neutral';

/** What to say when the service refuses a change to a user: the rules about users in words, else the usual. */
function useUserRefusal() {
  const t = useT();
  const describe = useDescribeError();
  return (err: unknown, user: { displayName: string }) => {
    switch (errorCode(err).code) {
      case 'LAST_ACTIVE_ADMIN':
        return t('users.error.lastAdmin', { name: user.displayName });
      case 'BILLING_CONTACT_PROTECTED':
        return t('users.error.billingContact', { name: user.displayName });
      case 'ACCOUNT_USER_LIMIT':
        return t('users.error.limit');
      default:
        return describe(err);
    }
  };
}

/** The account's portal users and their roles: invite, change a role, deactivate and reactivate (ADMINs only). */
export default function Users() {
  const t = useT();
  const { manage } = useRole();
  return (
    <>
      <PageHeading title={t('users.title')} />
      {manage ? <AccountUsers /> : <RoleNote />}
    </>
  );
}

function AccountUsers() {
  const t = useT();
  const me = useMe().data?.me;
  const refusal = useUserRefusal();
  const { data, loading, error } = useQuery(ACCOUNT_USERS, { fetchPolicy: 'cache-and-network' });
  // The answers carry the user's id and new status (or role): the cache updates the row.
  const [deactivate] = useMutation(DEACTIVATE);
  const [reactivate] = useMutation(REACTIVATE);
  const [resend] = useMutation(RESEND);
  const { run, setOutcome, notice } = useOutcome();
  const users = data?.accountUsers ?? [];
  const name = (u: User) => (u.id === me?.id ? `${u.displayName} ${t('users.youMark')}` : u.displayName);

  return (
    <>
      <p>{t('users.intro')}</p>
      <section className="card" aria-labelledby="users-roles">
        <h2 id="users-roles">{t('users.roles')}</h2>
        <dl className="facts">
          {ROLES.map((role) => (
            <RoleFact key={role} role={role} />
          ))}
        </dl>
      </section>
      {loading && !data && <Loading />}
      {error && <ErrorNotice error={error} />}
      {data && (
        <section className="card" aria-labelledby="users-list">
          <h2 id="users-list">{t('users.list')}</h2>
          {notice}
          <DataTable
            caption={t('users.list')}
            rows={users}
            rowKey={(u) => u.id}
            columns={[
              {
                header: t('users.name'),
                cell: (u) => (
                  <>
                    {name(u)}
                    {u.isBillingContact && (
                      <>
                        {' '}
                        <StatusBadge tone="good" label={t('users.billingContact')} />
                      </>
                    )}
                  </>
                ),
              },
              { header: t('users.userId'), cell: (u) => u.billingUserId },
              { header: t('users.email'), cell: (u) => u.email },
              {
                header: t('users.role'),
                cell: (u) =>
                  u.isBillingContact ? (
                    <>
                      {t(`portalRole.${u.portalRole ?? 'ADMIN'}`)}
                      <div className="field-hint">{t('users.billingContactStays')}</div>
                    </>
                  ) : (
                    <RoleChoice
                      user={u}
                      onChanged={(role) =>
                        setOutcome({ tone: 'success', message: t('users.roleChanged', { name: u.displayName, role }) })
                      }
                      onRefused={(err) => setOutcome({ tone: 'error', message: refusal(err, u) })}
                    />
                  ),
              },
              {
                header: t('users.status'),
                cell: (u) => <StatusBadge tone={statusTone(u.status)} label={t(`userStatus.${u.status}`)} />,
              },
              {
                header: t('users.actions'),
                cell: (u) => (
                  <div className="actions">
                    {u.status === 'INVITED' && (
                      <button
                        type="button"
                        aria-label={t('users.resendOf', { name: u.displayName })}
                        onClick={() =>
                          void run(
                            () => resend({ variables: { userId: u.id } }),
                            t('users.resent', { email: u.email }),
                            (e) => refusal(e, u),
                          )
                        }
                      >
                        {t('users.resend')}
                      </button>
                    )}
                    {u.status !== 'DISABLED' && !u.isBillingContact && u.id !== me?.id && (
                      <ConfirmButton
                        label={t('users.deactivate')}
                        ariaLabel={t('users.deactivateOf', { name: u.displayName })}
                        question={t('users.confirmDeactivate', { name: u.displayName })}
                        yes={t('users.yesDeactivate')}
                        keep={t('users.keep')}
                        onConfirm={() =>
                          void run(
                            () => deactivate({ variables: { userId: u.id } }),
                            t('users.deactivated', { name: u.displayName }),
                            (e) => refusal(e, u),
                          )
                        }
                      />
                    )}
                    {u.status === 'DISABLED' &&
                      (u.activatedAt ? (
                        <button
                          type="button"
                          aria-label={t('users.reactivateOf', { name: u.displayName })}
                          onClick={() =>
                            void run(
                              () => reactivate({ variables: { userId: u.id } }),
                              t('users.reactivated', { name: u.displayName }),
                              (e) =>
                                errorCode(e).code === 'CONFLICT'
                                  ? t('users.error.neverActivated', { name: u.displayName })
                                  : refusal(e, u),
                            )
                          }
                        >
                          {t('users.reactivate')}
                        </button>
                      ) : (
                        <span className="muted">{t('users.neverActivated')}</span>
                      ))}
                  </div>
                ),
              },
            ]}
          />
        </section>
      )}
      {data && <InviteForm />}
    </>
  );
}

function RoleFact({ role }: { role: PortalRole }) {
  const t = useT();
  return (
    <>
      <dt>{t(`portalRole.${role}`)}</dt>
      <dd>{t(`role.about.${role}`)}</dd>
    </>
  );
}

/** A user's role: a choice and the button that makes it; the outcome shows above the list. */
function RoleChoice({
  user,
  onChanged,
  onRefused,
}: {
  user: User;
  onChanged: (role: string) => void;
  onRefused: (error: unknown) => void;
}) {
  const t = useT();
  const current = user.portalRole ?? 'VIEWER';
  const [choice, setChoice] = useState<PortalRole>(current);
  const [change, { loading }] = useMutation(CHANGE_ROLE);
  const submit = async () => {
    try {
      await change({ variables: { userId: user.id, role: choice } });
      onChanged(t(`portalRole.${choice}`));
    } catch (err) {
      setChoice(current);
      onRefused(err);
    }
  };
  return (
    <div className="actions">
      <select
        aria-label={t('users.roleOf', { name: user.displayName })}
        value={choice}
        onChange={(e) => setChoice(e.target.value as PortalRole)}
      >
        {ROLES.map((role) => (
          <option key={role} value={role}>
            {t(`portalRole.${role}`)}
          </option>
        ))}
      </select>
      <button
        type="button"
        aria-label={t('users.changeRoleOf', { name: user.displayName })}
        disabled={loading || choice === current}
        onClick={() => void submit()}
      >
        {t('users.changeRole')}
      </button>
    </div>
  );
}

interface InviteValues {
  displayName: string;
  billingUserId: string;
  email: string;
  role: PortalRole;
}
const INVITE_FIELDS = ['displayName', 'billingUserId', 'email'] as const;
type InviteField = (typeof INVITE_FIELDS)[number];

/** The input field a refusal names: `extensions.field`, or the first of a validation's `extensions.fields`. */
function refusedField(err: unknown): InviteField | null {
  let field = errorCode(err).field;
  if (!field && CombinedGraphQLErrors.is(err)) {
    const fields = err.errors[0]?.extensions?.fields;
    if (Array.isArray(fields)) field = (fields[0] as { field?: string } | undefined)?.field ?? null;
  }
  const name = field?.split('.').pop();
  return (INVITE_FIELDS as readonly string[]).includes(name ?? '') ? (name as InviteField) : null;
}

function InviteForm() {
  const t = useT();
  const describe = useDescribeError();
  const refusal = useUserRefusal();
  const [invite, { loading }] = useMutation(INVITE, {
    refetchQueries: ['PortalAccountUsers'],
    awaitRefetchQueries: true,
  });
  const [outcome, setOutcome] = useState<{ tone: 'success' | 'error'; message: string } | null>(null);
  const form = useForm<InviteValues>({
    defaultValues: { displayName: '', billingUserId: '', email: '', role: 'VIEWER' },
  });
  const { errors } = form.formState;
  const errorOf = (name: InviteField) => errors[name] && (errors[name].message || t('form.required'));

  const onSubmit = form.handleSubmit(async (values) => {
    setOutcome(null);
    const input = {
      displayName: values.displayName.trim(),
      billingUserId: values.billingUserId.trim(),
      email: values.email.trim(),
      role: values.role,
    };
    try {
      await invite({ variables: { input } });
      form.reset();
      setOutcome({
        tone: 'success',
        message: t('users.invited', {
          name: input.displayName,
          role: t(`portalRole.${input.role}`),
          email: input.email,
        }),
      });
    } catch (err) {
      const { code } = errorCode(err);
      if (code === 'CONFLICT') {
        form.setError('billingUserId', {
          type: 'server',
          message: t('users.error.idTaken', { id: input.billingUserId }),
        });
        form.setFocus('billingUserId');
        return;
      }
      const field = code === 'BAD_USER_INPUT' ? refusedField(err) : null;
      if (field) {
        form.setError(field, { type: 'server', message: describe(err) });
        form.setFocus(field);
        return;
      }
      setOutcome({ tone: 'error', message: refusal(err, { displayName: input.displayName }) });
    }
  });

  const required = { required: true, validate: (v: string) => v.trim() !== '' };
  return (
    <section className="card" aria-labelledby="users-invite">
      <h2 id="users-invite">{t('users.invite')}</h2>
      <p>{t('users.inviteIntro')}</p>
      {outcome && <Notice tone={outcome.tone}>{outcome.message}</Notice>}
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <TextField
          label={t('users.name')}
          autoComplete="off"
          aria-required
          error={errorOf('displayName')}
          {...form.register('displayName', required)}
        />
        <TextField
          label={t('users.userId')}
          hint={t('users.userIdHint')}
          autoComplete="off"
          aria-required
          error={errorOf('billingUserId')}
          {...form.register('billingUserId', required)}
        />
        <TextField
          label={t('users.email')}
          type="email"
          autoComplete="off"
          aria-required
          error={errorOf('email')}
          {...form.register('email', required)}
        />
        <SelectField label={t('users.role')} {...form.register('role')}>
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {t(`portalRole.${role}`)}
            </option>
          ))}
        </SelectField>
        <button type="submit" className="primary" disabled={loading}>
          {t('users.inviteButton')}
        </button>
      </form>
    </section>
  );
}
