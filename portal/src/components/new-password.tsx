import { useForm } from 'react-hook-form';
import { useT } from '../i18n/i18n';
import { TextField } from './field';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

export interface NewPasswordValues {
  newPassword: string;
  confirmPassword: string;
}

/**
 * A new password typed twice, checked here for what the service also checks
 * (12 to 128 characters); the service's own rules (common passwords, the
 * user's ID) answer WEAK_PASSWORD, shown by the caller.
 */
export function useNewPasswordForm() {
  const t = useT();
  const form = useForm<NewPasswordValues>();
  const {
    register,
    watch,
    formState: { errors },
  } = form;
  const fields = (
    <>
      <TextField
        label={t('password.new')}
        hint={t('password.rules', { min: PASSWORD_MIN_LENGTH })}
        type="password"
        autoComplete="new-password"
        error={errors.newPassword && t('password.length', { min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH })}
        {...register('newPassword', {
          required: true,
          validate: (v) => [...v].length >= PASSWORD_MIN_LENGTH && [...v].length <= PASSWORD_MAX_LENGTH,
        })}
      />
      <TextField
        label={t('password.confirm')}
        type="password"
        autoComplete="new-password"
        error={errors.confirmPassword && t('password.mismatch')}
        {...register('confirmPassword', { validate: (v) => v === watch('newPassword') })}
      />
    </>
  );
  return { form, fields };
}
