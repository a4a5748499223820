import { useQuery } from '@apollo/client/react';
import { useIntl } from 'react-intl';
import { Before } from '../components/before';
import { MoreButton } from '../components/more';
import { PageHeading } from '../components/page';
import { DataTable } from '../components/table';
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
  const { messages } = useIntl();
  const { data, error, fetchMore } = useQuery(ACTIVITY, { variables: { after: null } });
  if (!data) return <Before error={error} />;
  const { edges, pageInfo } = data.account.activity;

  const value = (v: string | null | undefined) => (v === null || v === undefined || v === '' ? t('activity.empty') : v);

  return (
    <>
      <PageHeading title={t('activity.title')} />
      <p>{t('activity.intro')}</p>
      <DataTable
        className="activity"
        caption={t('activity.caption')}
        rows={edges.map((e) => e.node)}
        rowKey={(a) => a.id}
        empty={t('activity.none')}
        columns={[
          { header: t('activity.when'), cell: (a) => format.dateTime(a.occurredAt) },
          {
            header: t('activity.who'),
            cell: (a) => (
              <>
                {a.actorName ?? t('activity.system')}
                {a.actorRole && <span className="muted"> · {t(`activity.role.${a.actorRole}`)}</span>}
              </>
            ),
          },
          { header: t('activity.what'), cell: (a) => words(t, messages, 'activity.action.', a.action) },
          {
            header: t('activity.changes'),
            cell: (a) =>
              a.changes.length > 0 && (
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
              ),
          },
        ]}
      />
      <MoreButton pageInfo={pageInfo} fetchMore={fetchMore} />
    </>
  );
}
