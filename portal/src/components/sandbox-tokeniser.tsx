import { useState, type FormEvent } from 'react';
import { TextField } from './field';
import { useT } from '../i18n/i18n';

/**
 * The sandbox gateway's payment form. It turns a test card or bank account
 * number into the sandbox's single-use token here, in the browser: the
 * number never leaves this component, only the token goes to our service.
 */
const SANDBOX_CARDS: Record<string, string> = {
  '4242424242424242': 'tok_sandbox_visa',
  '5555555555554444': 'tok_sandbox_mastercard',
  '371449635398431': 'tok_sandbox_amex',
  '4000000000000002': 'tok_sandbox_declined',
  '4000000000009995': 'tok_sandbox_insufficient_funds',
  '4000000000000119': 'tok_sandbox_gateway_error',
};
/** Test bank accounts: the last four digits choose the outcome. */
const SANDBOX_BANKS: Record<string, string> = {
  '6789': 'btok_sandbox_success',
  '0002': 'btok_sandbox_declined',
  '9995': 'btok_sandbox_insufficient_funds',
  '0119': 'btok_sandbox_gateway_error',
};

export function sandboxToken(kind: 'CARD' | 'DIRECT_DEBIT', number: string): string | null {
  const digits = number.replace(/[\s-]/g, '');
  if (!/^\d+$/.test(digits)) return null;
  if (kind === 'CARD') return SANDBOX_CARDS[digits] ?? null;
  return digits.length >= 8 ? (SANDBOX_BANKS[digits.slice(-4)] ?? null) : null;
}

export function SandboxTokeniser({
  kind,
  busy,
  tokenError,
  onToken,
}: {
  kind: 'CARD' | 'DIRECT_DEBIT';
  busy: boolean;
  /** The service's complaint about the token, shown at the number. */
  tokenError?: string;
  onToken: (token: string) => void;
}) {
  const t = useT();
  const [number, setNumber] = useState('');
  const [error, setError] = useState<string | undefined>();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!number.trim()) return setError(t('form.required'));
    const token = sandboxToken(kind, number);
    if (!token) return setError(t(kind === 'CARD' ? 'paymentMethods.unknownCard' : 'paymentMethods.unknownBank'));
    setError(undefined);
    // Forget the number at once: only the token is handed on.
    setNumber('');
    onToken(token);
  };
  return (
    <fieldset className="sandbox-form">
      <legend>{t('paymentMethods.sandboxForm')}</legend>
      <p className="field-hint">
        {t(kind === 'CARD' ? 'paymentMethods.sandboxCardHint' : 'paymentMethods.sandboxBankHint')}
      </p>
      <TextField
        label={t(kind === 'CARD' ? 'paymentMethods.cardNumber' : 'paymentMethods.accountNumber')}
        inputMode="numeric"
        autoComplete={kind === 'CARD' ? 'cc-number' : 'off'}
        value={number}
        onChange={(e) => setNumber(e.target.value)}
        error={error ?? tokenError}
      />
      <button type="button" className="primary" disabled={busy} onClick={submit}>
        {t('paymentMethods.add')}
      </button>
    </fieldset>
  );
}
