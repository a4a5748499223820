import type { DataSource } from 'typeorm';
import type { RequestContext } from '../../context';
import { BadUserInputError } from '../../common/errors';
import { inTransaction } from '../../common/transactions';
import { Role } from '../../common/roles';
import { SecurityEventType } from '../identity';
import type { InvitationService, UserDirectory } from '../identity';
import type { SecurityEventService } from '../identity';
import type { AccountService } from './account.service';
import type { ActivityService } from './activity.service';
import type { PageArgs } from '../../common/pagination';
import type { AccountFilter, CreateCorporateAccountInput } from './account.types';
import type { CorporateAccount } from './corporate-account.entity';

/**
 * Account work that needs the Identity module too: opening an account with
 * its billing contact, and assigning a sales rep.
 */
export class AccountOnboardingService {
  constructor(
    private readonly ds: DataSource,
    private readonly accounts: AccountService,
    private readonly userDirectory: UserDirectory,
    private readonly invitations: InvitationService,
    private readonly activity: ActivityService,
    private readonly securityEvents: SecurityEventService,
  ) {}

  /**
   * Creates an account and invites its billing contact in one transaction:
   * either both exist and the invitation e-mail is queued, or neither.
   * A sales rep is assigned to the accounts they create; account services
   * name the rep.
   */
  async createCorporateAccount(ctx: RequestContext, input: CreateCorporateAccountInput): Promise<CorporateAccount> {
    const principal = ctx.principal!;
    let salesRepId: string;
    if (principal.role === Role.SALES_REP) {
      if (input.salesRepId && input.salesRepId !== principal.userId)
        throw new BadUserInputError(
          'A sales rep creates accounts for themselves; account services assign other reps',
          'salesRepId',
        );
      salesRepId = principal.userId;
    } else {
      if (!input.salesRepId) throw new BadUserInputError('salesRepId is required', 'salesRepId');
      salesRepId = (await this.userDirectory.requireSalesRep(input.salesRepId)).id;
    }
    return inTransaction(this.ds, async (tx) => {
      const account = await this.accounts.createAccount(tx, {
        organisationName: input.organisationName,
        country: input.country.toUpperCase(),
        currency: input.currency.toUpperCase(),
        locale: input.locale,
        paymentTermsDays: input.paymentTermsDays,
        billingFrequency: input.billingFrequency,
        salesRepId,
      });
      await this.activity.record(ctx, tx, account.id, 'ACCOUNT_CREATED', [
        { field: 'organisationName', from: null, to: account.organisationName },
        { field: 'accountNumber', from: null, to: account.accountNumber },
      ]);
      const contact = input.billingContact;
      await this.invitations.invite(ctx, tx, { accountId: account.id, ...contact });
      const billTo = {
        contactName: contact.displayName,
        email: contact.email,
        companyName: input.organisationName,
        ...input.billTo,
      };
      return this.accounts.setBillTo(ctx, tx, account.id, { ...billTo, country: null });
    });
  }

  /** Staff search; the billing contact's e-mail is looked up in the Identity module. */
  async searchAccounts(
    ctx: RequestContext,
    filter: AccountFilter | null | undefined,
    page: PageArgs,
    contactEmail?: string,
  ) {
    const ids = contactEmail ? await this.userDirectory.accountIdsOfContactEmail(contactEmail) : undefined;
    return this.accounts.searchAccounts(ctx, filter, page, ids);
  }

  /** Account services: move an account to another (active) sales rep. */
  async assignSalesRep(ctx: RequestContext, accountId: string, salesRepId: string): Promise<CorporateAccount> {
    await this.userDirectory.requireSalesRep(salesRepId);
    return inTransaction(this.ds, async (tx) => {
      const account = await this.accounts.assignSalesRep(ctx, tx, accountId, salesRepId);
      await this.securityEvents.record(ctx, tx, {
        type: SecurityEventType.SALES_REP_ASSIGNED,
        userId: salesRepId,
        accountId,
      });
      return account;
    });
  }
}
