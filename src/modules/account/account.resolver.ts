import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../context';
import { targetAccountId } from './tenancy';
import { PageArgs, type Page } from '../../common/pagination';
import { ADMINS, Access, STAFF } from '../../common/permissions';
import { reference, type EntityReference } from '../../common/references';
import { BillingUserRef, displayNameOf } from '../identity';
import { Role } from '../../common/roles';
import { AccountActivity } from './account-activity.entity';
import { AccountOnboardingService } from './account-onboarding.service';
import { AccountService } from './account.service';
import { ActivityService } from './activity.service';
import {
  AccountActivityConnection,
  AccountsArgs,
  AddInvoiceRecipientInput,
  BillTo,
  BillToInput,
  CorporateAccountConnection,
  CreateCorporateAccountInput,
  UpdateAccountInput,
} from './account.types';
import { CorporateAccount } from './corporate-account.entity';
import { InvoiceRecipient } from './invoice-recipient.entity';

@Resolver(() => CorporateAccount)
export class AccountResolver {
  constructor(
    private readonly accountService: AccountService,
    private readonly onboarding: AccountOnboardingService,
    private readonly activityService: ActivityService,
  ) {}

  @Access('AUTHENTICATED')
  @Query(() => CorporateAccount, {
    description: "An account: a billing contact's own (id optional), or one a staff member can see",
  })
  account(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { nullable: true }) id?: string | null,
  ): Promise<CorporateAccount> {
    return this.accountService.getAccount(ctx, targetAccountId(ctx, id));
  }

  @Access(...STAFF)
  @Query(() => CorporateAccountConnection, {
    description: 'Accounts by organisation name; a sales rep sees the accounts assigned to them',
  })
  accounts(
    @Ctx() ctx: RequestContext,
    @Args() args: AccountsArgs,
    @Args() page: PageArgs,
  ): Promise<Page<CorporateAccount>> {
    return this.onboarding.searchAccounts(
      ctx,
      args.filter,
      page,
      args.filter?.billingContactEmail?.trim() || undefined,
    );
  }

  @Access(...STAFF)
  @Mutation(() => CorporateAccount, {
    description: 'Open a corporate account and invite its billing contact, in one step',
  })
  createCorporateAccount(
    @Ctx() ctx: RequestContext,
    @Arg('input') input: CreateCorporateAccountInput,
  ): Promise<CorporateAccount> {
    return this.onboarding.createCorporateAccount(ctx, input);
  }

  @Access(...STAFF)
  @Mutation(() => CorporateAccount, { description: 'Change the terms of an account (staff)' })
  updateAccount(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('input') input: UpdateAccountInput,
  ): Promise<CorporateAccount> {
    return this.accountService.updateAccount(ctx, id, input);
  }

  @Access(Role.ACCOUNT_SERVICES)
  @Mutation(() => CorporateAccount, { description: 'Assign an account to another sales representative' })
  assignSalesRep(
    @Ctx() ctx: RequestContext,
    @Arg('accountId', () => ID) accountId: string,
    @Arg('salesRepId', () => ID) salesRepId: string,
  ): Promise<CorporateAccount> {
    return this.onboarding.assignSalesRep(ctx, accountId, salesRepId);
  }

  @Access(...ADMINS, ...STAFF)
  @Mutation(() => CorporateAccount, {
    description: 'Change Bill To. The billing contact may change everything except the country.',
  })
  updateBillTo(
    @Ctx() ctx: RequestContext,
    @Arg('input') input: BillToInput,
    @Arg('accountId', () => ID, {
      nullable: true,
      description: 'Staff: the account. A billing contact changes their own.',
    })
    accountId?: string | null,
  ): Promise<CorporateAccount> {
    return this.accountService.updateBillTo(ctx, targetAccountId(ctx, accountId), input);
  }

  @Access(...ADMINS)
  @Mutation(() => InvoiceRecipient, { description: 'Add an e-mail address that receives invoices (at most 10)' })
  addInvoiceRecipient(
    @Ctx() ctx: RequestContext,
    @Arg('input') input: AddInvoiceRecipientInput,
  ): Promise<InvoiceRecipient> {
    return this.accountService.addInvoiceRecipient(ctx, input.email, input.name);
  }

  @Access(...ADMINS)
  @Mutation(() => InvoiceRecipient, { description: 'Change the name shown for an invoice recipient' })
  renameInvoiceRecipient(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('name', () => String, { nullable: true }) name: string | null,
  ): Promise<InvoiceRecipient> {
    return this.accountService.renameInvoiceRecipient(ctx, id, name);
  }

  @Access(...ADMINS)
  @Mutation(() => Boolean, { description: 'Stop sending invoices to this recipient' })
  removeInvoiceRecipient(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<boolean> {
    return this.accountService.removeInvoiceRecipient(ctx, id);
  }

  @FieldResolver(() => BillTo)
  billTo(@Root() account: CorporateAccount): BillTo {
    return this.accountService.billTo(account);
  }

  @FieldResolver(() => BillingUserRef, {
    nullable: true,
    description: 'The sales representative assigned to the account',
  })
  salesRep(@Root() account: CorporateAccount, @Ctx() ctx: RequestContext): Promise<EntityReference | null> {
    return reference(ctx, BillingUserRef, account.salesRepId);
  }

  @FieldResolver(() => [InvoiceRecipient], {
    description: 'Extra addresses that receive invoices; the billing contact always does',
  })
  invoiceRecipients(@Root() account: CorporateAccount, @Ctx() ctx: RequestContext): Promise<InvoiceRecipient[]> {
    return ctx.loaders.account.recipientsByAccountId.load(account.id);
  }

  @FieldResolver(() => AccountActivityConnection, { description: 'Who changed what, newest first' })
  activity(
    @Root() account: CorporateAccount,
    @Args() page: PageArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<Page<AccountActivity>> {
    // First pages of many accounts load together; later pages are read one account at a time.
    if (!page.after) return ctx.loaders.account.activityFirstPage.load(`${account.id}|${page.first}`);
    return this.activityService.list(account.id, page);
  }
}

@Resolver(() => AccountActivity)
export class AccountActivityResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description: 'Who made the change (display name); null for the system',
  })
  async actorName(@Root() entry: AccountActivity, @Ctx() ctx: RequestContext): Promise<string | null> {
    return displayNameOf(ctx, entry.actorId);
  }
}
