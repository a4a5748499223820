import { CombinedGraphQLErrors } from '@apollo/client';
import { useCallback } from 'react';
import { useIntl } from 'react-intl';
import { useLanguage } from '../i18n/i18n';
import { Notice } from './page';

/** The first GraphQL error's code, field and message, when the error is one. */
export function errorCode(error: unknown): { code: string | null; field: string | null; message: string | null } {
  if (!CombinedGraphQLErrors.is(error)) return { code: null, field: null, message: null };
  const first = error.errors[0];
  const ext = (first?.extensions ?? {}) as { code?: unknown; field?: unknown };
  return {
    code: typeof ext.code === 'string' ? ext.code : null,
    field: typeof ext.field === 'string' ? ext.field : null,
    message: first?.message ?? null,
  };
}

const GENERIC_CODES = ['INTERNAL_SERVER_ERROR', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'];

/**
 * What to tell the user about a failed request, in their language: the
 * catalogue's message for the error code (`errors.<CODE>`), else the generic
 * one; a network failure says so. In English, a rule the service explains
 * (BAD_USER_INPUT, CONFLICT and module codes) keeps the service's sentence.
 */
export function useDescribeError(): (error: unknown) => string {
  const intl = useIntl();
  const { language } = useLanguage();
  return useCallback(
    (error: unknown) => {
      const { code, message } = errorCode(error);
      if (!code) return intl.formatMessage({ id: 'errors.network' });
      if (language === 'en' && message && !GENERIC_CODES.includes(code)) return message;
      const id = `errors.${code}`;
      if (id in intl.messages) return intl.formatMessage({ id });
      return intl.formatMessage({ id: 'errors.generic' });
    },
    [intl, language],
  );
}

export function ErrorNotice({ error }: { error: unknown }) {
  const describe = useDescribeError();
  return <Notice tone="error">{describe(error)}</Notice>;
}
