import {
  In,
  type EntityManager,
  type EntityTarget,
  type FindOptionsWhere,
  type ObjectLiteral,
  type QueryDeepPartialEntity,
} from 'typeorm';
import type { ErrorCode } from './error-codes';
import { AppError } from './errors';

/** What a table is about: its name in the reviewed snapshot and the enum every key must come from. */
export interface StateMachineInfo<S extends string> {
  name: string;
  values: Readonly<Record<string, S>>;
}

/**
 * A table of allowed status transitions. Statuses change only through
 * `assert`, which throws the module's error code for a move the table forbids,
 * and `update`, the conditional UPDATE that makes one of two racing moves win.
 */
export class StateMachine<S extends string> {
  constructor(
    private readonly transitions: Readonly<Record<S, readonly S[]>>,
    private readonly errorCode: ErrorCode = 'CONFLICT',
    readonly info?: StateMachineInfo<S>,
  ) {}

  /** The table as written, for the reviewed snapshot in test/unit/state-tables.test.ts. */
  get table(): Readonly<Record<S, readonly S[]>> {
    return this.transitions;
  }

  can(from: S, to: S): boolean {
    return this.transitions[from]?.includes(to) ?? false;
  }

  assert(from: S, to: S, what = 'status'): void {
    if (!this.can(from, to)) throw new AppError(this.errorCode, `Cannot change ${what} from ${from} to ${to}`);
  }

  /** Statuses from which `to` may be reached: the WHERE clause of a conditional UPDATE. */
  sourcesOf(to: S): S[] {
    return (Object.keys(this.transitions) as S[]).filter((from) => this.can(from, to));
  }

  /**
   * A move as one conditional UPDATE: `SET status = :to WHERE <where> AND
   * status IN (sourcesOf(to))`, or `status = :from` when the caller passes the
   * status it read (then the move must be in the table). True when exactly one
   * row matched (mysql2 counts matched rows, not changed ones: keep its FOUND_ROWS flag); false when the row was not in such a status, for instance
   * because another request or process moved it first.
   */
  async update<E extends ObjectLiteral & { status: S }>(
    manager: EntityManager,
    entity: EntityTarget<E>,
    where: FindOptionsWhere<E>,
    to: S,
    changes: QueryDeepPartialEntity<E> = {},
    from?: S,
  ): Promise<boolean> {
    if (from !== undefined) this.assert(from, to, this.info && `${this.info.name} status`);
    const sources = from !== undefined ? [from] : this.sourcesOf(to);
    if (sources.length === 0) return false;
    const result = await manager.update(entity, { ...where, status: In(sources) }, { ...changes, status: to });
    return result.affected === 1;
  }
}
