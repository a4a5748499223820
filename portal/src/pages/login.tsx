import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { errorCode, useDescribeError } from '../components/errors';
import { TextField } from '../components/field';
import { Notice, PageHeading } from '../components/page';
import { graphql } from '../graphql';
import { useT } from '../i18n/i18n';
import { useSession } from '../session/session-provider';

const LOGIN = graphql(`
  mutation PortalLogin($input: LoginInput!) {
    login(input: $input) {
      accessToken
    }
  }
`);

/** Where to go after the login: a path of this portal only (never another site). */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

export default function Login() {
  const t = useT();
  const describe = useDescribeError();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { status, ended, signIn } = useSession();
  const [login, { loading }] = useMutation(LOGIN);
  const [failure, setFailure] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<{ userId: string; password: string }>();
  const next = safeNext(params.get('next'));

  if (status === 'signed-in' && !loading) return <Navigate to={next} replace />;

  const onSubmit = handleSubmit(async ({ userId, password }) => {
    setFailure(null);
    try {
      const { data } = await login({ variables: { input: { userId: userId.trim(), password } } });
      if (data) {
        signIn(data.login.accessToken);
        void navigate(next, { replace: true });
      }
    } catch (err) {
      const { code } = errorCode(err);
      if (code === 'INVALID_CREDENTIALS') setFailure(t('login.invalid'));
      else if (code === 'LOGIN_THROTTLED') setFailure(t('login.throttled', { minutes: retryMinutes(err) }));
      else setFailure(describe(err));
    }
  });

  return (
    <section className="card narrow">
      <PageHeading title={t('login.title')} />
      {ended === 'logged-out' && <Notice tone="success">{t('login.loggedOut')}</Notice>}
      {ended === 'expired' && <Notice tone="info">{t('login.expired')}</Notice>}
      {params.get('reset') === 'done' && <Notice tone="success">{t('login.passwordSet')}</Notice>}
      {failure && <Notice tone="error">{failure}</Notice>}
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <TextField
          label={t('login.userId')}
          hint={t('login.userIdHint')}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          error={errors.userId && t('form.required')}
          {...register('userId', { required: true, validate: (v) => v.trim() !== '' })}
        />
        <TextField
          label={t('login.password')}
          type="password"
          autoComplete="current-password"
          error={errors.password && t('form.required')}
          {...register('password', { required: true })}
        />
        <button type="submit" className="primary" disabled={loading}>
          {loading ? t('login.submitting') : t('login.submit')}
        </button>
      </form>
      <p>
        <Link to="/forgot-password">{t('login.forgot')}</Link>
      </p>
    </section>
  );
}

function retryMinutes(err: unknown): number {
  const ext = (err as { errors?: Array<{ extensions?: { retryAfterSeconds?: unknown } }> }).errors?.[0]?.extensions;
  const seconds = typeof ext?.retryAfterSeconds === 'number' ? ext.retryAfterSeconds : 60;
  return Math.max(1, Math.ceil(seconds / 60));
}
