import { useState } from 'react';
import { useT } from '../i18n/i18n';
import { useDescribeError } from './errors';
import { Notice } from './page';

/**
 * "Show more" under a list read page by page (a Relay connection): fetches
 * the page after `endCursor`, which the cache appends to the list (see the
 * `relayStylePagination` fields in api/client.ts). Gone on the last page.
 */
export function MoreButton({
  pageInfo,
  fetchMore,
}: {
  pageInfo: { endCursor?: string | null; hasNextPage: boolean };
  fetchMore: (options: { variables: { after: string | null } }) => Promise<unknown>;
}) {
  const t = useT();
  const describe = useDescribeError();
  const [loading, setLoading] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  if (!pageInfo.hasNextPage) return null;
  const more = async () => {
    setLoading(true);
    setFailure(null);
    try {
      await fetchMore({ variables: { after: pageInfo.endCursor ?? null } });
    } catch (err) {
      setFailure(describe(err));
    } finally {
      setLoading(false);
    }
  };
  return (
    <>
      {failure && <Notice tone="error">{failure}</Notice>}
      <p className="actions">
        <button type="button" onClick={() => void more()} disabled={loading} aria-busy={loading}>
          {loading ? t('app.loading') : t('app.more')}
        </button>
      </p>
    </>
  );
}
