import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { useIntl } from 'react-intl';
import { ErrorNotice, useDescribeError } from '../components/errors';
import { Loading, Notice, PageHeading } from '../components/page';
import { graphql } from '../graphql';
import { useFormat, useT, type Translate } from '../i18n/i18n';

const ACTIVITY = graphql(`
  query PortalActivity($after: String) {
    account {
      id
      activity(first: 20, after: $after) {
        edges {
          cursor
          node {
            id
            action
            actorName
            actorRole
            occurredAt
            changes {
              field
              from
              to
            }
          }
        }
        pageInfo {
          endCursor
          hasNextPage
        }
      }
    }
  }
`);

/** A code's words when the catalogue has them (`activity.action.BILL_TO_UPDATED`), else the code made readable. */
function words(t: Translate, messages: Record<string, unknown>, prefix: string, code: string): string {
  const id = `${prefix}${code}`;
  if (id in messages) return t(id);
  const text = code
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Who changed what on the account, newest first, twenty at a time. */
export default function Activity() {
  const t = useT();
  const format = useFormat();
  const describe = useDescribeError();
  const { messages } = useIntl();
  const { data, error, fetchMore } = useQuery(ACTIVITY, { variables: { after: null } });
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<string | null>(null);
  if (error && !data) return <ErrorNotice error={error} />;
  if (!data) return <Loading />;
  const { edges, pageInfo } = data.account.activity;

  const more = async () => {
    setLoadingMore(true);
    setMoreError(null);
    try {
      await fetchMore({
        variables: { after: pageInfo.endCursor },
        updateQuery: (previous, { fetchMoreResult }) => ({
          ...previous,
          account: {
            ...previous.account,
            activity: {
              ...fetchMoreResult.account.activity,
              edges: [...previous.account.activity.edges, ...fetchMoreResult.account.activity.edges],
            },
          },
        }),
      });
    } catch (err) {
      setMoreError(describe(err));
    } finally {
      setLoadingMore(false);
    }
  };

  const value = (v: string | null | undefined) => (v === null || v === undefined || v === '' ? t('activity.empty') : v);

  return (
    <>
      <PageHeading title={t('activity.title')} />
      <p>{t('activity.intro')}</p>
      {edges.length === 0 ? (
        <p>{t('activity.none')}</p>
      ) : (
        <div className="table-scroll">
          <table className="activity">
            <caption className="visually-hidden">{t('activity.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('activity.when')}</th>
                <th scope="col">{t('activity.who')}</th>
                <th scope="col">{t('activity.what')}</th>
                <th scope="col">{t('activity.changes')}</th>
              </tr>
            </thead>
            <tbody>
              {edges.map(({ node: a }) => (
                <tr key={a.id}>
                  <td>{format.dateTime(a.occurredAt)}</td>
                  <td>
                    {a.actorName ?? t('activity.system')}
                    {a.actorRole && <span className="muted"> · {t(`activity.role.${a.actorRole}`)}</span>}
                  </td>
                  <td>{words(t, messages, 'activity.action.', a.action)}</td>
                  <td>
                    {a.changes.length > 0 && (
                      <ul className="changes">
                        {a.changes.map((c, i) => (
                          <li key={i}>
                            {t('activity.change', {
                              field: words(t, messages, 'activity.field.', c.field),
                              from: value(c.from),
                              to: value(c.to),
                            })}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {moreError && <Notice tone="error">{moreError}</Notice>}
      {pageInfo.hasNextPage && (
        <p className="actions">
          <button type="button" onClick={() => void more()} disabled={loadingMore}>
            {loadingMore ? t('app.loading') : t('activity.more')}
          </button>
        </p>
      )}
    </>
  );
}
