import { randomInt } from 'node:crypto';
import { In, type DataSource } from 'typeorm';
import type { RequestContext } from '../../context';
import { isUniqueViolation } from '../../common/db-errors';
import { ConflictError, NotFoundError } from '../../common/errors';
import { forUpdate, inTransaction, type Tx } from '../../common/transactions';
import { Role } from '../identity/billing-user.entity';
import { CorporateAccount } from './corporate-account.entity';
import type { CreateAccountInput } from './account.types';

/** Corporate accounts. Tenant scoping lives here: a billing contact reaches only their own account. */
export class AccountService {
  constructor(private readonly ds: DataSource) {}

  /** Creates an account, allocating an account number when none is given. */
  async createAccount(input: CreateAccountInput, outer?: Tx): Promise<CorporateAccount> {
    for (let attempt = 0; ; attempt++) {
      const account = this.ds.getRepository(CorporateAccount).create({
        organisationName: input.organisationName.trim(),
        accountNumber: input.accountNumber ?? `CA-${randomInt(10_000_000, 100_000_000)}`,
      });
      try {
        await inTransaction(this.ds, (tx) => tx.manager.insert(CorporateAccount, account), outer);
        return account;
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        if (input.accountNumber) throw new ConflictError(`Account number ${input.accountNumber} is already in use`);
        if (attempt >= 5) throw err;
      }
    }
  }

  /** An account the caller may see, or NOT_FOUND (the same answer for another tenant's account). */
  async getAccount(ctx: RequestContext, id: string): Promise<CorporateAccount> {
    const principal = ctx.principal;
    const visible = principal && (principal.role !== Role.BILLING_CONTACT || principal.accountId === id);
    const account = visible ? await ctx.loaders.accountById.load(id) : null;
    if (!account) throw new NotFoundError('Account');
    return account;
  }

  /**
   * Locks an account row until the caller's transaction ends, serialising
   * changes that must see each other (one billing contact per account).
   */
  lockAccount(tx: Tx, id: string): Promise<CorporateAccount | null> {
    return tx.manager.findOne(CorporateAccount, { where: { id }, ...forUpdate(tx) });
  }

  /** For services that have checked access themselves: the account or null. */
  findById(id: string): Promise<CorporateAccount | null> {
    return this.ds.getRepository(CorporateAccount).findOneBy({ id });
  }

  findByIds(ids: readonly string[]): Promise<CorporateAccount[]> {
    return this.ds.getRepository(CorporateAccount).findBy({ id: In([...ids]) });
  }
}
