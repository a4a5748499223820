import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useMe } from '../api/me';
import { useRole } from '../api/role';
import { errorCode, ErrorNotice, useDescribeError, useOutcome } from '../components/errors';
import { TextField } from '../components/field';
import { useNewPasswordForm, type NewPasswordValues } from '../components/new-password';
import { Loading, Notice, PageHeading } from '../components/page';
import { graphql } from '../graphql';
import { useT } from '../i18n/i18n';
import { useSession } from '../session/session-provider';

const CHANGE_PASSWORD = graphql(`
  mutation PortalChangePassword($input: ChangePasswordInput!) {
    changePassword(input: $input) {
      accessToken
    }
  }
`);

const PREFERENCES = graphql(`
  fragment PortalEmailPreferenceFields on EmailPreferences {
    invoices
    receipts
    quotes
    reminders
    defaults
  }
`);

const EMAIL_PREFERENCES = graphql(
  `
    query PortalEmailPreferences {
      me {
        id
        emailPreferences {
          ...PortalEmailPreferenceFields
        }
      }
    }
  `,
  [PREFERENCES],
);

const UPDATE_EMAIL_PREFERENCES = graphql(
  `
    mutation PortalUpdateEmailPreferences($input: EmailPreferencesInput!) {
      updateEmailPreferences(input: $input) {
        id
        emailPreferences {
          ...PortalEmailPreferenceFields
        }
      }
    }
  `,
  [PREFERENCES],
);

/** The kinds of e-mail a portal user chooses (security e-mails always go out). */
const TOPICS = ['invoices', 'receipts', 'quotes', 'reminders'] as const;
type Topic = (typeof TOPICS)[number];
type Preferences = Record<Topic, boolean> & { defaults: boolean };

/** Who is logged in and their role; the e-mails they receive; a new password (which ends the other sessions); logging out here or everywhere. */
export default function Profile() {
  const t = useT();
  const describe = useDescribeError();
  const { data } = useMe();
  const { signIn, logout } = useSession();
  const [change, { loading }] = useMutation(CHANGE_PASSWORD);
  const [result, setResult] = useState<{ tone: 'success' | 'error'; message: string } | null>(null);
  const { form, fields } = useNewPasswordForm();
  const current = useForm<{ currentPassword: string }>();
  const me = data?.me;

  const onSubmit = form.handleSubmit(async ({ newPassword }: NewPasswordValues) => {
    const valid = await current.trigger();
    if (!valid) return;
    setResult(null);
    try {
      const { data: changed } = await change({
        variables: { input: { currentPassword: current.getValues('currentPassword'), newPassword } },
      });
      // The service answers a new session (and a new cookie): the old ones are gone.
      if (changed) signIn(changed.changePassword.accessToken);
      form.reset();
      current.reset();
      setResult({ tone: 'success', message: t('profile.passwordChanged') });
    } catch (err) {
      const { code } = errorCode(err);
      setResult({
        tone: 'error',
        message: code === 'INVALID_CREDENTIALS' ? t('profile.currentWrong') : describe(err),
      });
    }
  });

  return (
    <>
      <PageHeading title={t('profile.title')} />
      {me && (
        <section className="card" aria-labelledby="profile-you">
          <h2 id="profile-you">{t('profile.you')}</h2>
          <dl className="facts">
            <dt>{t('profile.name')}</dt>
            <dd>{me.displayName}</dd>
            <dt>{t('profile.userId')}</dt>
            <dd>{me.billingUserId}</dd>
            <dt>{t('profile.email')}</dt>
            <dd>{me.email}</dd>
            <dt>{t('profile.role')}</dt>
            <dd>{t(`portalRole.${me.portalRole ?? 'VIEWER'}`)}</dd>
          </dl>
        </section>
      )}
      <EmailPreferences />
      <section className="card" aria-labelledby="profile-password">
        <h2 id="profile-password">{t('profile.changePassword')}</h2>
        {result && <Notice tone={result.tone}>{result.message}</Notice>}
        <form onSubmit={(e) => void onSubmit(e)} noValidate>
          <TextField
            label={t('profile.currentPassword')}
            type="password"
            autoComplete="current-password"
            error={current.formState.errors.currentPassword && t('form.required')}
            {...current.register('currentPassword', { required: true })}
          />
          {fields}
          <button type="submit" className="primary" disabled={loading}>
            {t('profile.savePassword')}
          </button>
        </form>
      </section>
      <section className="card" aria-labelledby="profile-sessions">
        <h2 id="profile-sessions">{t('profile.sessions')}</h2>
        <p>{t('profile.sessionsIntro')}</p>
        <div className="actions">
          <button type="button" onClick={() => void logout()}>
            {t('nav.logout')}
          </button>
          <button type="button" className="danger" onClick={() => void logout(true)}>
            {t('profile.logoutEverywhere')}
          </button>
        </div>
      </section>
    </>
  );
}

/** Which e-mails the user receives: a box per kind, saved together; or back to what their role receives by default. */
function EmailPreferences() {
  const t = useT();
  const { data, loading, error } = useQuery(EMAIL_PREFERENCES, { fetchPolicy: 'cache-and-network' });
  const preferences = data?.me.emailPreferences;
  return (
    <section className="card" aria-labelledby="profile-mail">
      <h2 id="profile-mail">{t('profile.mail')}</h2>
      <p>{t('profile.mailIntro')}</p>
      {loading && !data && <Loading />}
      {error && <ErrorNotice error={error} />}
      {preferences && <EmailPreferencesForm preferences={preferences} />}
    </section>
  );
}

function EmailPreferencesForm({ preferences }: { preferences: Preferences }) {
  const t = useT();
  const { role } = useRole();
  const [update, { loading }] = useMutation(UPDATE_EMAIL_PREFERENCES);
  const { run, notice } = useOutcome();
  const valuesOf = (p: Preferences) =>
    Object.fromEntries(TOPICS.map((topic) => [topic, p[topic]])) as Record<Topic, boolean>;
  const form = useForm<Record<Topic, boolean>>({ defaultValues: valuesOf(preferences) });

  const save = (input: Record<Topic, boolean | null>, success: string) =>
    run(async () => {
      const { data } = await update({ variables: { input } });
      const saved = data?.updateEmailPreferences.emailPreferences;
      if (saved) form.reset(valuesOf(saved));
    }, success);

  const onSubmit = form.handleSubmit((values) => save(values, t('profile.mailSaved')));
  const onReset = () =>
    save(Object.fromEntries(TOPICS.map((topic) => [topic, null])) as Record<Topic, null>, t('profile.mailReset'));

  return (
    <>
      {notice}
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <fieldset>
          <legend>{t('profile.mailLegend')}</legend>
          {TOPICS.map((topic) => (
            <div className="choice" key={topic}>
              <input id={`mail-${topic}`} type="checkbox" {...form.register(topic)} />
              <label htmlFor={`mail-${topic}`}>{t(`profile.mail.${topic}`)}</label>
            </div>
          ))}
        </fieldset>
        {preferences.defaults && (
          <p className="field-hint">{t('profile.mailDefaults', { role: t(`portalRole.${role}`) })}</p>
        )}
        <div className="actions">
          <button type="submit" className="primary" disabled={loading}>
            {t('profile.saveMail')}
          </button>
          <button type="button" disabled={loading || preferences.defaults} onClick={() => void onReset()}>
            {t('profile.resetMail')}
          </button>
        </div>
      </form>
    </>
  );
}
