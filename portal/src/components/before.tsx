import NotFound from '../pages/not-found';
import { ErrorNotice, errorCode } from './errors';
import { Loading } from './page';

/**
 * What a page shows until its query has data: "Page not found" for what this
 * account cannot see (the same as for what does not exist), the error, or
 * "Loading". Use: `if (!data) return <Before error={error} />`.
 */
export function Before({ error }: { error?: unknown }) {
  if (!error) return <Loading />;
  return errorCode(error).code === 'NOT_FOUND' ? <NotFound /> : <ErrorNotice error={error} />;
}
