import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link, useLocation, useParams } from 'react-router';
import { useRole } from '../api/role';
import { Before } from '../components/before';
import { errorCode, useDescribeError } from '../components/errors';
import { TextAreaField } from '../components/field';
import { Notice, PageHeading, StatusBadge } from '../components/page';
import { RoleNote } from '../components/role-note';
import { graphql } from '../graphql';
import { useFormat, useT } from '../i18n/i18n';
import NotFound from './not-found';
import { requestTone } from './requests';

const REQUEST = graphql(`
  query PortalServiceRequest($id: ID!) {
    serviceRequest(id: $id) {
      id
      reference
      type
      status
      subject
      details
      wantedFrequency
      reason
      wantedDate
      formKind
      invoiceNumber
      resolutionNote
      assigneeName
      createdAt
      updatedAt
      closedAt
      filedBy {
        id
        displayName
      }
      comments {
        id
        authorName
        authorRole
        body
        createdAt
      }
    }
  }
`);

const COMMENT = graphql(`
  mutation PortalCommentOnServiceRequest($id: ID!, $body: String!) {
    commentOnServiceRequest(id: $id, body: $body) {
      id
      body
    }
  }
`);

/** One request: what was asked, its status, who works on it, the thread and a new comment. */
export default function Request() {
  const t = useT();
  const format = useFormat();
  const describe = useDescribeError();
  const { manage } = useRole();
  const { id = '' } = useParams();
  const location = useLocation();
  const filed = (location.state as { filed?: boolean } | null)?.filed === true;
  const { data, error, refetch } = useQuery(REQUEST, { variables: { id }, fetchPolicy: 'cache-and-network' });
  const [comment, { loading: sending }] = useMutation(COMMENT);
  const [result, setResult] = useState<{ tone: 'success' | 'error'; message: string } | null>(null);
  const form = useForm<{ body: string }>({ defaultValues: { body: '' } });

  if (error && errorCode(error).code === 'NOT_FOUND') return <NotFound />;
  if (!data) return <Before error={error} />;
  const r = data.serviceRequest;
  const open = r.status === 'OPEN' || r.status === 'IN_PROGRESS';

  const onComment = form.handleSubmit(async ({ body }) => {
    setResult(null);
    try {
      await comment({ variables: { id: r.id, body: body.trim() } });
      form.reset();
      await refetch();
      setResult({ tone: 'success', message: t('requests.commentSent') });
    } catch (err) {
      setResult({ tone: 'error', message: describe(err) });
    }
  });

  return (
    <>
      <PageHeading title={t('requests.requestTitle', { reference: r.reference })} />
      <p>
        <Link to="/requests">{t('requests.back')}</Link>
      </p>
      {filed && <Notice tone="success">{t('requests.filedNotice', { reference: r.reference })}</Notice>}
      <section className="card" aria-labelledby="request-facts">
        <h2 id="request-facts">{r.subject}</h2>
        <dl className="facts">
          <dt>{t('requests.status')}</dt>
          <dd>
            <StatusBadge label={t(`requestStatus.${r.status}`)} tone={requestTone(r.status)} />
          </dd>
          <dt>{t('requests.type')}</dt>
          <dd>{t(`requestType.${r.type}`)}</dd>
          {r.wantedFrequency && (
            <>
              <dt>{t('requests.wantedFrequency')}</dt>
              <dd>{t(`billingFrequency.${r.wantedFrequency}`)}</dd>
            </>
          )}
          {r.wantedDate && (
            <>
              <dt>{t('requests.wantedDate')}</dt>
              <dd>{format.date(r.wantedDate)}</dd>
            </>
          )}
          {r.reason && (
            <>
              <dt>{t('requests.reason')}</dt>
              <dd>{r.reason}</dd>
            </>
          )}
          {r.formKind && (
            <>
              <dt>{t('requests.formKind')}</dt>
              <dd>{t(`requests.formKind.${r.formKind}`)}</dd>
            </>
          )}
          {r.invoiceNumber && (
            <>
              <dt>{t('requests.invoiceNumber')}</dt>
              <dd>{r.invoiceNumber}</dd>
            </>
          )}
          <dt>{t('requests.filed')}</dt>
          <dd>
            {r.filedBy
              ? t('requests.filedBy', { name: r.filedBy.displayName, date: format.dateTime(r.createdAt) })
              : format.dateTime(r.createdAt)}
          </dd>
          <dt>{t('requests.assignee')}</dt>
          <dd>{r.assigneeName ?? t('requests.notAssigned')}</dd>
          {r.closedAt && (
            <>
              <dt>{t('requests.closed')}</dt>
              <dd>{format.dateTime(r.closedAt)}</dd>
            </>
          )}
        </dl>
        <h3>{t('requests.details')}</h3>
        <p className="pre-wrap">{r.details}</p>
        {r.resolutionNote && (
          <>
            <h3>{t('requests.resolutionNote')}</h3>
            <p className="resolution-note">{r.resolutionNote}</p>
          </>
        )}
      </section>
      <section className="card" aria-labelledby="request-comments">
        <h2 id="request-comments">{t('requests.comments')}</h2>
        {r.comments.length === 0 ? (
          <p>{t('requests.noComments')}</p>
        ) : (
          <ol className="comments">
            {r.comments.map((c) => (
              <li key={c.id}>
                <p className="comment-meta">
                  {t('requests.commentBy', {
                    name: c.authorName ?? t(`requests.role.${c.authorRole}`),
                    role: t(`requests.role.${c.authorRole}`),
                    date: format.dateTime(c.createdAt),
                  })}
                </p>
                <p className="comment-body">{c.body}</p>
              </li>
            ))}
          </ol>
        )}
        {result && <Notice tone={result.tone}>{result.message}</Notice>}
        {open && !manage ? (
          <RoleNote />
        ) : open ? (
          <form onSubmit={(e) => void onComment(e)} noValidate>
            <TextAreaField
              label={t('requests.newComment')}
              rows={4}
              error={form.formState.errors.body && t('form.required')}
              {...form.register('body', { required: true, validate: (s) => s.trim() !== '' })}
            />
            <button type="submit" className="primary" disabled={sending}>
              {t('requests.sendComment')}
            </button>
          </form>
        ) : (
          <p>{t('requests.closedNoComments')}</p>
        )}
      </section>
    </>
  );
}
