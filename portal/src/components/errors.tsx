import { CombinedGraphQLErrors } from '@apollo/client';
import { useCallback, useState } from 'react';
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

export type Outcome = { tone: 'success' | 'error'; message: string } | null;

/**
 * What the last action in a part of a page came to. `run` clears it, runs
 * the action and keeps the success message, or the error's message (`fail`
 * may tie the error to a field and give a message of its own); `notice` shows
 * it. Resolves to whether the action succeeded.
 */
export function useOutcome() {
  const describe = useDescribeError();
  const [outcome, setOutcome] = useState<Outcome>(null);
  const run = useCallback(
    async (
      action: () => Promise<unknown>,
      success: string,
      fail?: (error: unknown) => string | undefined | void,
    ): Promise<boolean> => {
      setOutcome(null);
      try {
        await action();
        setOutcome({ tone: 'success', message: success });
        return true;
      } catch (err) {
        setOutcome({ tone: 'error', message: fail?.(err) || describe(err) });
        return false;
      }
    },
    [describe],
  );
  const notice = outcome && <Notice tone={outcome.tone}>{outcome.message}</Notice>;
  return { outcome, setOutcome, run, notice };
}

/**
 * Ties a refused request to the form field the service names (its
 * `extensions.field`), when the form has that field: its message shows under
 * the field and the field takes the focus.
 */
export function useFieldError() {
  const describe = useDescribeError();
  return useCallback(
    <F extends string>(
      form: {
        setError: (name: F, error: { type: string; message: string }) => void;
        setFocus: (name: F) => void;
      },
      error: unknown,
      fields: readonly F[],
    ): void => {
      const { field } = errorCode(error);
      if (!field || !(fields as readonly string[]).includes(field)) return;
      form.setError(field as F, { type: 'server', message: describe(error) });
      form.setFocus(field as F);
    },
    [describe],
  );
}
