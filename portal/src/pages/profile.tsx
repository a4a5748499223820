import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useMe } from '../api/me';
import { errorCode, useDescribeError } from '../components/errors';
import { TextField } from '../components/field';
import { useNewPasswordForm, type NewPasswordValues } from '../components/new-password';
import { Notice, PageHeading } from '../components/page';
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

/** Who is logged in; a new password (which ends the other sessions); logging out here or everywhere. */
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
          </dl>
        </section>
      )}
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
