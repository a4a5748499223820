import {
  useId,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from 'react';

interface FieldProps {
  label: string;
  /** The validation message, shown under the control and tied to it for screen readers. */
  error?: string;
  hint?: ReactNode;
}

function described(id: string, error?: string, hint?: ReactNode) {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return { 'aria-describedby': ids || undefined, 'aria-invalid': error ? true : undefined };
}

function FieldFrame({ id, label, error, hint, children }: FieldProps & { id: string; children: ReactNode }) {
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {children}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** A labelled input (pass react-hook-form's `register(...)` through `props`). */
export function TextField({ label, error, hint, ...props }: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <FieldFrame id={id} label={label} error={error} hint={hint}>
      <input id={id} {...described(id, error, hint)} {...props} />
    </FieldFrame>
  );
}

export function TextAreaField({
  label,
  error,
  hint,
  ...props
}: FieldProps & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = useId();
  return (
    <FieldFrame id={id} label={label} error={error} hint={hint}>
      <textarea id={id} {...described(id, error, hint)} {...props} />
    </FieldFrame>
  );
}

export function SelectField({
  label,
  error,
  hint,
  children,
  ...props
}: FieldProps & SelectHTMLAttributes<HTMLSelectElement>) {
  const id = useId();
  return (
    <FieldFrame id={id} label={label} error={error} hint={hint}>
      <select id={id} {...described(id, error, hint)} {...props}>
        {children}
      </select>
    </FieldFrame>
  );
}

/** A choice among codes shown in words (`words(code)`), with a first, empty "choose…" option (`placeholder`). */
export function ChoiceField({
  choices,
  words,
  placeholder,
  ...props
}: FieldProps &
  SelectHTMLAttributes<HTMLSelectElement> & {
    choices: readonly string[];
    words: (code: string) => string;
    placeholder: string;
  }) {
  return (
    <SelectField {...props}>
      <option value="">{placeholder}</option>
      {choices.map((code) => (
        <option key={code} value={code}>
          {words(code)}
        </option>
      ))}
    </SelectField>
  );
}
