import { In, type DataSource } from 'typeorm';
import type { RequestContext } from '../../context';
import { BadUserInputError } from '../../common/errors';
import { Role } from '../../common/roles';
import type { Tx } from '../../common/transactions';
import { DEFAULT_MAIL_LOCALE } from '../../mail';
import type { AccountService } from '../account';
import { BillingUser, UserStatus } from './billing-user.entity';
import { receivesMail, type MailTopic } from './mail-preferences';

/**
 * Read-only look-ups of users that other modules make (contacts to e-mail,
 * the language to write in, sales reps). Nothing here writes.
 */
export class UserDirectory {
  constructor(
    private readonly ds: DataSource,
    private readonly accounts: AccountService,
  ) {}

  private get users() {
    return this.ds.getRepository(BillingUser);
  }

  /** The e-mail addresses of the active staff of a role (notices to account services), in a stable order. */
  async activeStaffEmails(role: Role.SALES_REP | Role.ACCOUNT_SERVICES, tx?: Tx): Promise<string[]> {
    const users = await (tx?.manager.getRepository(BillingUser) ?? this.users).find({
      where: { role, status: UserStatus.ACTIVE },
      order: { email: 'ASC' },
      select: { email: true },
    });
    return users.map((u) => u.email);
  }

  /**
   * A user the caller may see, or null: the reference resolver of BillingUser.
   * The vendor's staff (who drafted a quote, who works a request) are shown
   * to anybody logged in; a billing contact only to those who may see their
   * account (the contact themselves, the account's rep, account services).
   */
  async visibleUser(ctx: RequestContext, id: string): Promise<BillingUser | null> {
    const user = await ctx.loaders.identity.userById.load(id);
    if (!user || !(ctx.system || ctx.principal)) return null;
    if (user.role !== Role.BILLING_CONTACT) return user;
    return user.accountId && (await this.accounts.visibleAccount(ctx, user.accountId)) ? user : null;
  }

  findByIds(ids: readonly string[], tx?: Tx): Promise<BillingUser[]> {
    return (tx?.manager.getRepository(BillingUser) ?? this.users).findBy({ id: In([...ids]) });
  }

  /** The billing contacts (the user named on invoices, active or invited) of these accounts. */
  billingContactsOf(accountIds: readonly string[], tx?: Tx): Promise<BillingUser[]> {
    return (tx?.manager.getRepository(BillingUser) ?? this.users).findBy({
      primaryAccountId: In([...accountIds]),
      status: In([UserStatus.ACTIVE, UserStatus.INVITED]),
    });
  }

  /**
   * The portal users of these accounts who receive this kind of e-mail (by
   * their choice or their role's default): active ones, and invited ones
   * (who read their e-mail before they first log in), oldest first.
   */
  async mailRecipientsOf(accountIds: readonly string[], topic: MailTopic, tx?: Tx): Promise<BillingUser[]> {
    const users = await (tx?.manager.getRepository(BillingUser) ?? this.users).find({
      where: {
        accountId: In([...accountIds]),
        role: Role.BILLING_CONTACT,
        status: In([UserStatus.ACTIVE, UserStatus.INVITED]),
      },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return users.filter((u) => receivesMail(u, topic));
  }

  /**
   * The locale a user's e-mails are written in: a billing contact's account's,
   * a staff member's own, English when they have none.
   */
  async mailLocaleOf(user: Pick<BillingUser, 'accountId' | 'locale'>, tx?: Tx): Promise<string> {
    if (user.accountId) return (await this.accounts.findById(user.accountId, tx))?.locale ?? DEFAULT_MAIL_LOCALE;
    return user.locale ?? DEFAULT_MAIL_LOCALE;
  }

  /**
   * Accounts whose billing contact (active, or invited and not a replacement
   * still pending) has this e-mail (case-insensitive), for staff search.
   */
  async accountIdsOfContactEmail(email: string): Promise<string[]> {
    const matches = await this.users
      .createQueryBuilder('u')
      .where('LOWER(u.email) = :email AND u.primary_account_id IS NOT NULL AND u.status IN (:...statuses)', {
        email: email.trim().toLowerCase(),
        statuses: [UserStatus.ACTIVE, UserStatus.INVITED],
      })
      .getMany();
    return matches.map((u) => u.primaryAccountId!);
  }

  /** An active sales rep, or BAD_USER_INPUT naming the field. */
  async requireSalesRep(id: string, field = 'salesRepId'): Promise<BillingUser> {
    const user = await this.users.findOneBy({ id });
    if (!user || user.role !== Role.SALES_REP || user.status !== UserStatus.ACTIVE)
      throw new BadUserInputError(`${field} is not an active sales representative`, field);
    return user;
  }
}
