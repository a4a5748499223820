import { AppError } from './errors';

/**
 * A table of allowed status transitions. Statuses change only through
 * `assert`, which throws the module's error code for a move the table forbids.
 */
export class StateMachine<S extends string> {
  constructor(
    private readonly transitions: Readonly<Record<S, readonly S[]>>,
    private readonly errorCode = 'INVALID_TRANSITION',
  ) {}

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
}
