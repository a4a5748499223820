import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link } from 'react-router';
import { ErrorNotice } from '../components/errors';
import { TextField } from '../components/field';
import { Notice, PageHeading } from '../components/page';
import { graphql } from '../graphql';
import { useT } from '../i18n/i18n';

const REQUEST_RESET = graphql(
  'mutation PortalRequestReset($userId: String!) { requestPasswordReset(userId: $userId) }',
);

/** Asks for a reset link. The answer is the same whether the user ID exists or not. */
export default function ForgotPassword() {
  const t = useT();
  const [requestReset, { loading, error }] = useMutation(REQUEST_RESET);
  const [sent, setSent] = useState(false);
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<{ userId: string }>();

  const onSubmit = handleSubmit(async ({ userId }) => {
    await requestReset({ variables: { userId: userId.trim() } });
    setSent(true);
  });

  return (
    <section className="card narrow">
      <PageHeading title={t('forgot.title')} />
      {sent ? (
        <Notice tone="success">{t('forgot.sent')}</Notice>
      ) : (
        <>
          <p>{t('forgot.intro')}</p>
          {error && <ErrorNotice error={error} />}
          <form onSubmit={(e) => void onSubmit(e).catch(() => undefined)} noValidate>
            <TextField
              label={t('login.userId')}
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              error={errors.userId && t('form.required')}
              {...register('userId', { required: true, validate: (v) => v.trim() !== '' })}
            />
            <button type="submit" className="primary" disabled={loading}>
              {t('forgot.submit')}
            </button>
          </form>
        </>
      )}
      <p>
        <Link to="/login">{t('forgot.back')}</Link>
      </p>
    </section>
  );
}
