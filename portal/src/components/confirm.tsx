import { useState } from 'react';

/**
 * A destructive action that asks first: the button opens a question with
 * "yes" and "keep" buttons in its place; only "yes" runs `onConfirm`. The
 * question takes the keyboard focus, and "keep" gives it back.
 */
export function ConfirmButton({
  label,
  ariaLabel,
  question,
  yes,
  keep,
  onConfirm,
  disabled,
}: {
  label: string;
  /** The button's accessible name when `label` alone is ambiguous in a list ("Remove Visa •••• 4242"). */
  ariaLabel?: string;
  question: string;
  yes: string;
  keep: string;
  onConfirm: () => void;
  disabled?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  if (!asking)
    return (
      <button
        type="button"
        className="danger"
        aria-label={ariaLabel}
        disabled={disabled}
        onClick={() => setAsking(true)}
      >
        {label}
      </button>
    );
  return (
    <div className="actions" role="group" aria-label={question}>
      <span>{question}</span>
      <button
        type="button"
        className="danger"
        // The question replaces the button that had the focus.
        autoFocus
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {yes}
      </button>
      <button type="button" onClick={() => setAsking(false)}>
        {keep}
      </button>
    </div>
  );
}
