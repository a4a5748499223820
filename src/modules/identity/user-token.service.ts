import { IsNull, type DataSource } from 'typeorm';
import type { Clock } from '../../common/clock';
import { AppError } from '../../common/errors';
import { inTransaction, type Tx } from '../../common/transactions';
import type { AccountService } from '../account';
import { BillingUser, UserStatus } from './billing-user.entity';
import { checkPasswordPolicy, hashPassword } from './password';
import { randomToken, sha256 } from './tokens';
import { UserToken, UserTokenPurpose } from './user-token.entity';

export class InvalidTokenError extends AppError {
  constructor() {
    super('INVALID_TOKEN', 'This link is invalid, has expired or was already used');
  }
}

/** The one-time links of password resets and invitations (module-internal). */
export class UserTokens {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly accounts: AccountService,
  ) {}

  /** A new link token for `user`, stored as its hash; returns the token itself. */
  async create(tx: Tx, user: BillingUser, purpose: UserTokenPurpose, ttlSeconds: number): Promise<string> {
    const token = randomToken();
    await tx.manager.insert(
      UserToken,
      tx.manager.create(UserToken, {
        userId: user.id,
        purpose,
        tokenHash: sha256(token),
        createdAt: this.clock.now(),
        expiresAt: new Date(this.clock.now().getTime() + ttlSeconds * 1000),
      }),
    );
    return token;
  }

  /**
   * The shared path of reset and invitation links: the token must exist, be
   * unused and unexpired; the password must pass the policy (checked before
   * the token is spent, so the user can try again); then, in one transaction,
   * the token and every other unused token of that purpose are consumed and
   * `apply` runs with the new hash. A contact's account is locked first, as
   * every change of an account's users does (a cancelled contact change, a
   * deactivation), so the two never wait for each other's rows.
   */
  async redeem(
    token: string,
    purpose: UserTokenPurpose,
    password: string,
    apply: (tx: Tx, user: BillingUser, hash: string) => Promise<void>,
  ): Promise<BillingUser> {
    const row = await this.ds.getRepository(UserToken).findOneBy({ tokenHash: sha256(token), purpose });
    const user = row ? await this.ds.getRepository(BillingUser).findOneBy({ id: row.userId }) : null;
    const expectedStatus = purpose === UserTokenPurpose.INVITATION ? UserStatus.INVITED : UserStatus.ACTIVE;
    if (!row || !user || row.usedAt || row.expiresAt <= this.clock.now() || user.status !== expectedStatus)
      throw new InvalidTokenError();
    checkPasswordPolicy(password, [user.billingUserId, user.email]);
    const hash = await hashPassword(password);
    await inTransaction(this.ds, async (tx) => {
      if (user.accountId) await this.accounts.lockAccount(tx, user.accountId);
      const now = new Date();
      const spent = await tx.manager.update(UserToken, { id: row.id, usedAt: IsNull() }, { usedAt: now });
      if (spent.affected !== 1) throw new InvalidTokenError();
      await tx.manager.update(UserToken, { userId: user.id, purpose, usedAt: IsNull() }, { usedAt: now });
      await apply(tx, user, hash);
    });
    return user;
  }
}
