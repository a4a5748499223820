import type { DataSource } from 'typeorm';
import type { RequestContext } from '../../context';
import { badCursor, paginate, type Page, type PageArgs } from '../../common/pagination';
import type { Tx } from '../../common/transactions';
import { AccountActivity, type FieldChange } from './account-activity.entity';

const text = (v: unknown): string | null => (v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : String(v));

/** The changed fields between two snapshots, as text (callers never pass secrets). */
export function diff<T extends object>(before: Partial<T>, after: Partial<T>, fields: Array<keyof T & string>): FieldChange[] {
  return fields
    .filter((f) => text(before[f]) !== text(after[f]))
    .map((field) => ({ field, from: text(before[field]), to: text(after[field]) }));
}

/**
 * The activity trail of an account: written in the transaction of each
 * change (so it never disagrees with the data), read newest first. Other
 * modules record their changes here too.
 */
export class ActivityService {
  constructor(private readonly ds: DataSource) {}

  async record(tx: Tx, ctx: RequestContext, accountId: string, action: string, changes: FieldChange[] = []): Promise<void> {
    await tx.manager.insert(
      AccountActivity,
      tx.manager.create(AccountActivity, {
        accountId,
        action,
        changes,
        actorId: ctx.principal?.userId ?? null,
        actorRole: ctx.principal?.role ?? null,
      }),
    );
  }

  /** Newest first. The caller has checked that the account is visible. */
  list(accountId: string, page: PageArgs): Promise<Page<AccountActivity>> {
    const qb = this.ds.getRepository(AccountActivity).createQueryBuilder('a').where('a.account_id = :accountId', { accountId });
    return paginate(
      qb,
      page,
      { list: 'activity', columns: ['a.occurred_at', 'a.id'], direction: 'DESC', values: (a) => [a.occurredAt.toISOString(), a.id] },
      (v, i) => {
        if (i > 0) return v;
        const at = new Date(String(v));
        if (Number.isNaN(at.getTime())) throw badCursor();
        return at;
      },
    );
  }
}
