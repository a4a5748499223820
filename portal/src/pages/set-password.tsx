import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { errorCode, useDescribeError } from '../components/errors';
import { useNewPasswordForm } from '../components/new-password';
import { Notice, PageHeading } from '../components/page';
import { graphql } from '../graphql';
import { useT } from '../i18n/i18n';

const RESET = graphql('mutation PortalResetPassword($input: ResetPasswordInput!) { resetPassword(input: $input) }');
const ACTIVATE = graphql('mutation PortalActivate($input: ResetPasswordInput!) { activateAccount(input: $input) }');

/** The pages the e-mailed links open: a reset link (`/reset-password?token=`) or an invitation (`/activate?token=`). */
export default function SetPassword({ mode }: { mode: 'reset' | 'activate' }) {
  const t = useT();
  const describe = useDescribeError();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [setPassword, { loading }] = useMutation(mode === 'reset' ? RESET : ACTIVATE);
  const [failure, setFailure] = useState<{ message: string; linkDead: boolean } | null>(null);
  const { form, fields } = useNewPasswordForm();

  const onSubmit = form.handleSubmit(async ({ newPassword }) => {
    setFailure(null);
    try {
      await setPassword({ variables: { input: { token, newPassword } } });
      void navigate('/login?reset=done', { replace: true });
    } catch (err) {
      const { code } = errorCode(err);
      if (code === 'INVALID_TOKEN') setFailure({ message: t(`${mode}.invalidLink`), linkDead: true });
      else if (code === 'INVALID_USER_STATUS') setFailure({ message: t('activate.alreadyActive'), linkDead: true });
      else setFailure({ message: describe(err), linkDead: false });
    }
  });

  return (
    <section className="card narrow">
      <PageHeading title={t(`${mode}.title`)} />
      {!token ? (
        <Notice tone="error">{t(`${mode}.invalidLink`)}</Notice>
      ) : (
        <>
          <p>{t(`${mode}.intro`)}</p>
          {failure && <Notice tone="error">{failure.message}</Notice>}
          {!failure?.linkDead && (
            <form onSubmit={(e) => void onSubmit(e)} noValidate>
              {fields}
              <button type="submit" className="primary" disabled={loading}>
                {t(`${mode}.submit`)}
              </button>
            </form>
          )}
        </>
      )}
      <p>
        {mode === 'reset' || failure?.linkDead ? (
          <Link to="/forgot-password">{t('reset.newLink')}</Link>
        ) : (
          <Link to="/login">{t('forgot.back')}</Link>
        )}
      </p>
    </section>
  );
}
