import type { ActivityAction } from './activity-actions';
import { In, type DataSource } from 'typeorm';
import { toCount } from '../../common/money';
import type { RequestContext } from '../../context';
import { badCursor, encodeCursor, paginate, type KeysetOrder, type Page, type PageArgs } from '../../common/pagination';
import type { Tx } from '../../common/transactions';
import { AccountActivity, type FieldChange } from './account-activity.entity';

const ACTIVITY_ORDER: KeysetOrder<AccountActivity> = {
  list: 'activity',
  columns: ['a.occurred_at', 'a.id'],
  direction: 'DESC',
  values: (a) => [a.occurredAt.toISOString(), a.id],
};

const text = (v: unknown): string | null =>
  v === null || v === undefined
    ? null
    : v instanceof Date
      ? v.toISOString()
      : typeof v === 'string'
        ? v
        : typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint'
          ? String(v)
          : JSON.stringify(v);

/** The changed fields between two snapshots, as text (callers never pass secrets). */
export function diff<T extends object>(
  before: Partial<T>,
  after: Partial<T>,
  fields: Array<keyof T & string>,
): FieldChange[] {
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

  async record(
    ctx: RequestContext,
    tx: Tx,
    accountId: string,
    action: ActivityAction,
    changes: FieldChange[] = [],
  ): Promise<void> {
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

  /**
   * The first page (newest `first` entries) of several accounts' trails in
   * three statements, whatever the number of accounts: a window function
   * picks the ids, then the rows and the counts are read.
   */
  async firstPages(accountIds: readonly string[], first: number): Promise<Map<string, Page<AccountActivity>>> {
    const repo = this.ds.getRepository(AccountActivity);
    const ranked: Array<{ id: string }> = await this.ds
      .createQueryBuilder()
      .select('r.id', 'id')
      .from(
        (sub) =>
          sub
            .select('a.id', 'id')
            .addSelect('ROW_NUMBER() OVER (PARTITION BY a.account_id ORDER BY a.occurred_at DESC, a.id DESC)', 'rn')
            .from(AccountActivity, 'a')
            .where('a.account_id IN (:...accountIds)', { accountIds }),
        'r',
      )
      .where('r.rn <= :limit', { limit: first + 1 })
      .getRawMany();
    const rows = ranked.length ? await repo.findBy({ id: In(ranked.map((r) => r.id)) }) : [];
    const counts: Array<{ accountId: string; total: unknown }> = await repo
      .createQueryBuilder('a')
      .select('a.account_id', 'accountId')
      .addSelect('COUNT(*)', 'total')
      .where('a.account_id IN (:...accountIds)', { accountIds })
      .groupBy('a.account_id')
      .getRawMany();
    const pages = new Map<string, Page<AccountActivity>>();
    for (const accountId of accountIds) {
      const mine = rows
        .filter((r) => r.accountId === accountId)
        .sort((a, b) => b.occurredAt.getTime() - a.occurredAt.getTime() || (a.id < b.id ? 1 : -1));
      const edges = mine
        .slice(0, first)
        .map((node) => ({ node, cursor: encodeCursor(ACTIVITY_ORDER.list, ACTIVITY_ORDER.values(node)) }));
      pages.set(accountId, {
        edges,
        totalCount: toCount(counts.find((c) => c.accountId === accountId)?.total),
        // An account's own trail: counted in full, with the other accounts' in one statement.
        totalCountIsExact: true,
        pageInfo: { hasNextPage: mine.length > first, endCursor: edges.at(-1)?.cursor ?? null },
      });
    }
    return pages;
  }

  /** Newest first. The caller has checked that the account is visible. */
  list(accountId: string, page: PageArgs): Promise<Page<AccountActivity>> {
    const qb = this.ds
      .getRepository(AccountActivity)
      .createQueryBuilder('a')
      .where('a.account_id = :accountId', { accountId });
    return paginate(qb, page, ACTIVITY_ORDER, (v, i) => {
      if (i > 0) return v;
      const at = new Date(String(v));
      if (Number.isNaN(at.getTime())) throw badCursor();
      return at;
    });
  }
}
