import type { DataSource } from 'typeorm';
import type { RequestContext } from '../../context';
import { ForbiddenError } from '../../common/errors';
import { paginate, type Page, type PageArgs } from '../../common/pagination';
import type { Tx } from '../../common/transactions';
import { Role } from '../../common/roles';
import { SecurityEvent, type SecurityEventType } from './security-event.entity';
import type { SecurityEventFilter } from './identity.types';

export interface SecurityEventInput {
  type: SecurityEventType;
  userId?: string | null;
  accountId?: string | null;
  attemptedUserId?: string | null;
  detail?: string | null;
}

/**
 * The security event log: written in the transaction of the change it
 * records (or in one of its own for refusals, which roll nothing back), read
 * by account services newest first.
 */
export class SecurityEventService {
  constructor(private readonly ds: DataSource) {}

  async record(
    ctx: Pick<RequestContext, 'clientAddress' | 'userAgent' | 'principal'>,
    tx: Tx,
    event: SecurityEventInput,
  ): Promise<void> {
    const row = tx.manager.create(SecurityEvent, {
      type: event.type,
      userId: event.userId ?? null,
      accountId: event.accountId ?? null,
      attemptedUserId: event.attemptedUserId?.trim().slice(0, 100) || null,
      actorId: ctx.principal?.userId ?? null,
      clientAddress: ctx.clientAddress.slice(0, 64),
      userAgent: ctx.userAgent?.slice(0, 255) ?? null,
      detail: event.detail?.slice(0, 300) ?? null,
    });
    await tx.manager.insert(SecurityEvent, row);
  }

  /** Account services: newest first, by type, user, account and time. */
  async list(
    ctx: RequestContext,
    filter: SecurityEventFilter | null | undefined,
    page: PageArgs,
  ): Promise<Page<SecurityEvent>> {
    if (ctx.principal?.role !== Role.ACCOUNT_SERVICES) throw new ForbiddenError();
    const qb = this.ds.getRepository(SecurityEvent).createQueryBuilder('e');
    if (filter?.type) qb.andWhere('e.type = :type', { type: filter.type });
    if (filter?.userId) qb.andWhere('(e.user_id = :userId OR e.actor_id = :userId)', { userId: filter.userId });
    if (filter?.accountId) qb.andWhere('e.account_id = :accountId', { accountId: filter.accountId });
    if (filter?.from) qb.andWhere('e.occurred_at >= :from', { from: filter.from });
    if (filter?.to) qb.andWhere('e.occurred_at < :to', { to: filter.to });
    return paginate(
      qb,
      page,
      {
        list: 'security-events',
        columns: ['e.occurred_at', 'e.id'],
        direction: 'DESC',
        values: (e) => [e.occurredAt.toISOString(), e.id],
      },
      (v, i) => (i === 0 ? new Date(String(v)) : v),
    );
  }
}
