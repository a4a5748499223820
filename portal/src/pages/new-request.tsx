import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link, useNavigate } from 'react-router';
import { useRole } from '../api/role';
import { errorCode, useDescribeError } from '../components/errors';
import { ChoiceField, TextAreaField, TextField } from '../components/field';
import { Notice, PageHeading } from '../components/page';
import { RoleNote } from '../components/role-note';
import { graphql } from '../graphql';
import { useT } from '../i18n/i18n';

const FILE_REQUEST = graphql(`
  mutation PortalFileServiceRequest($input: FileRequestInput!) {
    fileServiceRequest(input: $input) {
      id
      reference
      status
    }
  }
`);

/** Every type the service knows, in the order the form offers them. */
export const REQUEST_TYPES = [
  'BILLING_FREQUENCY_CHANGE',
  'BILLING_CONTACT_CHANGE',
  'INVOICE_COPY',
  'FORM_REQUEST',
  'CANCELLATION',
  'REACTIVATION',
  'OTHER',
] as const;
type RequestType = (typeof REQUEST_TYPES)[number];

export const FREQUENCIES = ['MONTHLY', 'QUARTERLY', 'SEMI_ANNUAL', 'ANNUAL'] as const;
export const FORM_KINDS = ['W9', 'VENDOR_FORM', 'REGIONAL_FORM'] as const;

interface Values {
  type: RequestType | '';
  subject: string;
  details: string;
  wantedFrequency: (typeof FREQUENCIES)[number] | '';
  reason: string;
  wantedDate: string;
  formKind: (typeof FORM_KINDS)[number] | '';
  invoiceNumber: string;
}
type FieldName = keyof Values;
const NAMES: FieldName[] = [
  'type',
  'subject',
  'details',
  'wantedFrequency',
  'reason',
  'wantedDate',
  'formKind',
  'invoiceNumber',
];

/** A new request to Corporate Account Services: the type first, then the fields that type needs. */
export default function NewRequest() {
  const t = useT();
  const describe = useDescribeError();
  const navigate = useNavigate();
  const { manage } = useRole();
  const [file, { loading }] = useMutation(FILE_REQUEST);
  const [problem, setProblem] = useState<string | null>(null);
  const form = useForm<Values>({
    defaultValues: {
      type: '',
      subject: '',
      details: '',
      wantedFrequency: '',
      reason: '',
      wantedDate: '',
      formKind: '',
      invoiceNumber: '',
    },
  });
  const { errors } = form.formState;
  const type = form.watch('type');
  const errorOf = (name: FieldName) => errors[name] && (errors[name].message || t('form.required'));

  const onSubmit = form.handleSubmit(async (v) => {
    if (!v.type) return;
    setProblem(null);
    try {
      const { data } = await file({
        variables: {
          input: {
            type: v.type,
            subject: v.subject.trim(),
            details: v.details.trim(),
            wantedFrequency: v.type === 'BILLING_FREQUENCY_CHANGE' && v.wantedFrequency ? v.wantedFrequency : null,
            reason: v.type === 'CANCELLATION' ? v.reason.trim() : null,
            wantedDate: v.type === 'CANCELLATION' && v.wantedDate ? v.wantedDate : null,
            formKind: v.type === 'FORM_REQUEST' && v.formKind ? v.formKind : null,
            invoiceNumber: v.type === 'INVOICE_COPY' ? v.invoiceNumber.trim() : null,
          },
        },
      });
      if (data) await navigate(`/requests/${data.fileServiceRequest.id}`, { state: { filed: true } });
    } catch (err) {
      const { field } = errorCode(err);
      if (field && (NAMES as string[]).includes(field)) {
        form.setError(field as FieldName, { type: 'server', message: describe(err) });
        form.setFocus(field as FieldName);
      }
      setProblem(describe(err));
    }
  });

  return (
    <>
      <PageHeading title={t('requests.newTitle')} />
      <p>
        <Link to="/requests">{t('requests.back')}</Link>
      </p>
      {manage ? (
        <section className="card" aria-labelledby="new-request-form">
          <h2 id="new-request-form">{t('requests.newForm')}</h2>
          <p>{t('requests.newIntro')}</p>
          {problem && <Notice tone="error">{problem}</Notice>}
          <form onSubmit={(e) => void onSubmit(e)} noValidate>
            <ChoiceField
              label={t('requests.type')}
              error={errorOf('type')}
              {...form.register('type', { required: true })}
              choices={REQUEST_TYPES}
              words={(code) => t(`requestType.${code}`)}
              placeholder={t('requests.chooseType')}
            />
            {type && <p className="field-hint">{t(`requests.typeHint.${type}`)}</p>}
            {type === 'BILLING_FREQUENCY_CHANGE' && (
              <ChoiceField
                label={t('requests.wantedFrequency')}
                error={errorOf('wantedFrequency')}
                {...form.register('wantedFrequency', { required: true })}
                choices={FREQUENCIES}
                words={(code) => t(`billingFrequency.${code}`)}
                placeholder={t('requests.chooseFrequency')}
              />
            )}
            {type === 'CANCELLATION' && (
              <>
                <TextField
                  label={t('requests.wantedDate')}
                  type="date"
                  error={errorOf('wantedDate')}
                  {...form.register('wantedDate', { required: true })}
                />
                <TextField
                  label={t('requests.reason')}
                  error={errorOf('reason')}
                  {...form.register('reason', { required: true, validate: (s) => s.trim() !== '' })}
                />
              </>
            )}
            {type === 'FORM_REQUEST' && (
              <ChoiceField
                label={t('requests.formKind')}
                error={errorOf('formKind')}
                {...form.register('formKind', { required: true })}
                choices={FORM_KINDS}
                words={(code) => t(`requests.formKind.${code}`)}
                placeholder={t('requests.chooseForm')}
              />
            )}
            {type === 'INVOICE_COPY' && (
              <TextField
                label={t('requests.invoiceNumber')}
                hint={t('requests.invoiceNumberHint')}
                error={errorOf('invoiceNumber')}
                {...form.register('invoiceNumber', { required: true, validate: (s) => s.trim() !== '' })}
              />
            )}
            <TextField
              label={t('requests.subject')}
              error={errorOf('subject')}
              {...form.register('subject', { required: true, validate: (s) => s.trim() !== '' })}
            />
            <TextAreaField
              label={t('requests.details')}
              rows={6}
              error={errorOf('details')}
              {...form.register('details', { required: true, validate: (s) => s.trim() !== '' })}
            />
            <button type="submit" className="primary" disabled={loading}>
              {t('requests.send')}
            </button>
          </form>
        </section>
      ) : (
        <RoleNote />
      )}
    </>
  );
}
