import type { ActivityAction } from './activity-actions';
import { randomInt } from 'node:crypto';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { In, type DataSource, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import type { Principal, RequestContext } from '../../context';
import { isUniqueViolation } from '../../common/db-errors';
import { AppError, BadUserInputError, ConflictError, NotFoundError } from '../../common/errors';
import type { EventBus } from '../../common/events';
import { paginate, type Page, type PageArgs } from '../../common/pagination';
import { forUpdate, inTransaction, type Tx } from '../../common/transactions';
import { Role } from '../../common/roles';
import { whereSearch } from '../../common/search';
import type { FieldChange } from './account-activity.entity';
import { ActivityService, diff } from './activity.service';
import {
  BILL_TO_COLUMNS,
  type AccountFilter,
  type AccountSeed,
  type BillTo,
  type BillToInput,
  type UpdateAccountInput,
} from './account.types';
import { AccountStatus, CorporateAccount } from './corporate-account.entity';
import { accountStatusMachine } from './corporate-account.state';
import { InvoiceRecipient } from './invoice-recipient.entity';

export const MAX_INVOICE_RECIPIENTS = 10;

/** Postal code shapes for the countries we bill most; others are only length-checked. */
const POSTAL_CODES: Partial<Record<string, RegExp>> = {
  US: /^\d{5}(-\d{4})?$/,
  IT: /^\d{5}$/,
  DE: /^\d{5}$/,
  FR: /^\d{5}$/,
  ES: /^\d{5}$/,
  NL: /^\d{4} ?[A-Z]{2}$/i,
  GB: /^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/i,
  CA: /^[A-Z]\d[A-Z] ?\d[A-Z]\d$/i,
};

/** A phone number in E.164, read in the account's country when it has no +prefix. */
export function normalisePhone(raw: string, country: string): string {
  const parsed = parsePhoneNumberFromString(raw, country as CountryCode);
  if (!parsed || !parsed.isValid())
    throw new BadUserInputError(`phone "${raw}" is not a valid phone number for ${country}`, 'phone');
  return parsed.number;
}

export function checkPostalCode(code: string, country: string): string {
  const trimmed = code.trim().toUpperCase();
  const shape = POSTAL_CODES[country];
  if (shape && !shape.test(trimmed))
    throw new BadUserInputError(`postalCode "${code}" is not a valid postal code for ${country}`, 'postalCode');
  return trimmed;
}

export type SalesRepAssignedHook = (tx: Tx, accountId: string, salesRepId: string) => Promise<void>;

/** Runs in the transaction that changed an account's billing frequency; `action` is the activity recorded for it. */
export type BillingFrequencyChangedHook = (
  ctx: RequestContext,
  tx: Tx,
  accountId: string,
  action: ActivityAction,
) => Promise<void>;

/** The Bill To fields of the API, by the account's property that holds each. */
const BILL_TO_FIELD_OF: Record<string, string> = {
  ...Object.fromEntries(Object.entries(BILL_TO_COLUMNS).map(([field, column]) => [column, field])),
  country: 'country',
};

/**
 * Corporate accounts, Bill To and invoice recipients. Tenant scoping lives
 * here: a billing contact reaches only their own account, a sales rep only
 * the accounts assigned to them, account services every account. Anything
 * else answers NOT_FOUND, as an unknown id does.
 */
export class AccountService {
  private readonly salesRepHooks: SalesRepAssignedHook[] = [];
  private readonly billingFrequencyHooks: BillingFrequencyChangedHook[] = [];

  constructor(
    private readonly ds: DataSource,
    private readonly activity: ActivityService,
    private readonly events: EventBus,
  ) {}

  /**
   * Runs `hook` in the transaction of every reassignment, with the account
   * row locked: a module that keeps a copy of the account's rep (the
   * invoices, for the rep's list) moves it there, so the copy never lags.
   */
  onSalesRepAssigned(hook: SalesRepAssignedHook): void {
    this.salesRepHooks.push(hook);
  }

  /**
   * Runs `hook` in the transaction of every change of an account's billing
   * frequency, with the account row locked (the subscriptions publish theirs).
   */
  onBillingFrequencyChanged(hook: BillingFrequencyChangedHook): void {
    this.billingFrequencyHooks.push(hook);
  }

  static canSee(principal: Principal | null, account: CorporateAccount): boolean {
    if (!principal) return false;
    switch (principal.role) {
      case Role.BILLING_CONTACT:
        return principal.accountId === account.id;
      case Role.SALES_REP:
        return account.salesRepId === principal.userId;
      case Role.ACCOUNT_SERVICES:
        return true;
      default:
        return false;
    }
  }

  /** Creates an account, allocating an account number when none is given (fixtures, seeding, onboarding). */
  async createAccount(tx: Tx, input: AccountSeed): Promise<CorporateAccount> {
    for (let attempt = 0; ; attempt++) {
      const account = tx.manager.create(CorporateAccount, {
        organisationName: input.organisationName.trim(),
        accountNumber: input.accountNumber ?? `CA-${randomInt(10_000_000, 100_000_000)}`,
        country: input.country ?? 'US',
        currency: input.currency ?? 'USD',
        locale: input.locale ?? 'en-US',
        salesRepId: input.salesRepId ?? null,
        ...(input.paymentTermsDays !== undefined ? { paymentTermsDays: input.paymentTermsDays } : {}),
        ...(input.billingFrequency ? { billingFrequency: input.billingFrequency } : {}),
      });
      try {
        // A taken number fails this statement only: the transaction goes on and draws again.
        await tx.manager.insert(CorporateAccount, account);
        return account;
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        if (input.accountNumber) throw new ConflictError(`Account number ${input.accountNumber} is already in use`);
        if (attempt >= 5) throw err;
      }
    }
  }

  /** An account the caller may see, or null: the reference resolver of CorporateAccount. */
  async visibleAccount(ctx: RequestContext, id: string): Promise<CorporateAccount | null> {
    const account = await ctx.loaders.account.byId.load(id);
    return account && (ctx.system || AccountService.canSee(ctx.principal, account)) ? account : null;
  }

  /** An account the caller may see, or NOT_FOUND. */
  async getAccount(ctx: RequestContext, id: string): Promise<CorporateAccount> {
    const account = await ctx.loaders.account.byId.load(id);
    if (!account || !(ctx.system || AccountService.canSee(ctx.principal, account))) throw new NotFoundError('Account');
    return account;
  }

  /**
   * Limits another module's list to the accounts the caller can see, as one
   * condition on `accountColumn` (the list's account id, e.g. `i.account_id`):
   * none for account services, the contact's own account, or for a rep a
   * subquery on the accounts assigned to them. The subquery keeps a rep's list
   * one statement whatever the number of their accounts, where a list of ids
   * would cost a statement more and grow with the book of business.
   * `salesRepColumn` names the list's copy of its account's rep, kept in step
   * through onSalesRepAssigned: a rep's list then compares it with the rep,
   * which an index in the list's order answers at any size (the subquery makes
   * the database gather and sort every row of the rep's accounts).
   */
  restrictToVisibleAccounts<T extends ObjectLiteral>(
    ctx: RequestContext,
    qb: SelectQueryBuilder<T>,
    accountColumn: string,
    salesRepColumn?: string,
  ): SelectQueryBuilder<T> {
    const principal = ctx.principal;
    if (ctx.system || principal?.role === Role.ACCOUNT_SERVICES) return qb;
    if (principal?.role === Role.BILLING_CONTACT && principal.accountId)
      return qb.andWhere(`${accountColumn} = :visibleAccountId`, { visibleAccountId: principal.accountId });
    if (principal?.role === Role.SALES_REP && salesRepColumn)
      return qb.andWhere(`${salesRepColumn} = :visibleRepId`, { visibleRepId: principal.userId });
    if (principal?.role === Role.SALES_REP) {
      const accounts = this.ds.getMetadata(CorporateAccount);
      const column = (property: string) =>
        this.ds.driver.escape(accounts.findColumnWithPropertyName(property)!.databaseName);
      return qb.andWhere(
        `${accountColumn} IN (SELECT ${column('id')} FROM ${this.ds.driver.escape(accounts.tableName)} WHERE ${column('salesRepId')} = :visibleRepId)`,
        { visibleRepId: principal.userId },
      );
    }
    return qb.andWhere('1 = 0');
  }

  /** The billing contact's own account (for operations that take no account id). */
  ownAccount(ctx: RequestContext): Promise<CorporateAccount> {
    return this.getAccount(ctx, ctx.principal?.accountId ?? '');
  }

  /**
   * Locks a visible account row until the transaction ends, serialising
   * changes that must see each other (one billing contact per account).
   */
  async lockVisibleAccount(ctx: RequestContext, tx: Tx, id: string): Promise<CorporateAccount> {
    const account = await this.lockAccount(tx, id);
    if (!account || !(ctx.system || AccountService.canSee(ctx.principal, account))) throw new NotFoundError('Account');
    return account;
  }

  /** Staff: accounts they can see, by organisation name, with filters. */
  async searchAccounts(
    ctx: RequestContext,
    filter: AccountFilter | null | undefined,
    page: PageArgs,
    accountIdsOfContactEmail?: string[],
  ): Promise<Page<CorporateAccount>> {
    const qb = this.ds.getRepository(CorporateAccount).createQueryBuilder('a');
    if (ctx.principal?.role === Role.SALES_REP) qb.andWhere('a.sales_rep_id = :rep', { rep: ctx.principal.userId });
    if (filter?.status) qb.andWhere('a.status = :status', { status: filter.status });
    whereSearch(qb, filter?.search, (on, term) => [
      on.startsWith('a.organisation_name', term, 'name'),
      on.equals('a.account_number', term, 'accountNumber'),
    ]);
    if (accountIdsOfContactEmail)
      qb.andWhere(accountIdsOfContactEmail.length ? 'a.id IN (:...ids)' : '1 = 0', { ids: accountIdsOfContactEmail });
    return paginate(qb, page, {
      list: 'accounts',
      columns: ['a.organisation_name', 'a.id'],
      direction: 'ASC',
      values: (a) => [a.organisationName, a.id],
    });
  }

  updateAccount(ctx: RequestContext, id: string, input: UpdateAccountInput): Promise<CorporateAccount> {
    return inTransaction(this.ds, (tx) => this.setTerms(ctx, tx, id, input));
  }

  /** Staff: terms of the account (also applied by a resolved service request). */
  async setTerms(ctx: RequestContext, tx: Tx, id: string, input: UpdateAccountInput): Promise<CorporateAccount> {
    const account = await this.lockVisibleAccount(ctx, tx, id);
    const changes: Partial<CorporateAccount> = {};
    if (input.organisationName) changes.organisationName = input.organisationName.trim();
    if (input.billingFrequency) changes.billingFrequency = input.billingFrequency;
    if (input.paymentTermsDays !== undefined && input.paymentTermsDays !== null)
      changes.paymentTermsDays = input.paymentTermsDays;
    if (input.locale) changes.locale = input.locale;
    const frequencyBefore = account.billingFrequency;
    const { account: updated } = await this.applyChanges(ctx, tx, account, changes, 'ACCOUNT_UPDATED');
    if (updated.billingFrequency !== frequencyBefore)
      for (const hook of this.billingFrequencyHooks) await hook(ctx, tx, id, 'ACCOUNT_UPDATED');
    return updated;
  }

  /** Account services: assign the account to another sales rep (whose role the caller has checked). */
  async assignSalesRep(ctx: RequestContext, tx: Tx, accountId: string, salesRepId: string): Promise<CorporateAccount> {
    const account = await this.lockVisibleAccount(ctx, tx, accountId);
    const { account: assigned } = await this.applyChanges(ctx, tx, account, { salesRepId }, 'SALES_REP_ASSIGNED');
    for (const hook of this.salesRepHooks) await hook(tx, accountId, salesRepId);
    return assigned;
  }

  /**
   * Locks the account's row in `tx`, whoever asks (the caller decides who may).
   * An account is locked before its users and their tokens, in every path.
   */
  lockAccount(tx: Tx, id: string): Promise<CorporateAccount | null> {
    return tx.manager.findOne(CorporateAccount, { where: { id }, ...forUpdate(tx) });
  }

  /** The account's status follows its subscription (called by the Subscriptions module in its transaction). */
  async setStatus(ctx: RequestContext, tx: Tx, accountId: string, status: AccountStatus): Promise<void> {
    const account = await this.lockAccount(tx, accountId);
    if (!account || account.status === status) return;
    const moved = await accountStatusMachine.update(
      tx.manager,
      CorporateAccount,
      { id: account.id },
      status,
      { updatedAt: new Date() },
      account.status,
    );
    if (!moved) throw new ConflictError('The account changed at the same time; try again');
    await this.activity.record(ctx, tx, account.id, 'ACCOUNT_STATUS_CHANGED', [
      { field: 'status', from: account.status, to: status },
    ]);
  }

  billTo(account: CorporateAccount): BillTo {
    return {
      contactName: account.billToContactName,
      email: account.billToEmail,
      companyName: account.billToCompany,
      addressLine1: account.billToLine1,
      addressLine2: account.billToLine2,
      city: account.billToCity,
      region: account.billToRegion,
      postalCode: account.billToPostalCode,
      country: account.country,
      phone: account.billToPhone,
    };
  }

  /**
   * Changes Bill To. A billing contact may change everything but the
   * country: a different country in their input is COUNTRY_LOCKED and
   * nothing of that request is applied (the unchanged country, in any letter
   * case, as a form sends it back, is fine). The phone is stored in E.164.
   */
  updateBillTo(ctx: RequestContext, accountId: string, input: BillToInput): Promise<CorporateAccount> {
    return inTransaction(this.ds, (tx) => this.setBillTo(ctx, tx, accountId, input));
  }

  /** Changes Bill To (as updateBillTo does) in the caller's transaction: account onboarding. */
  async setBillTo(ctx: RequestContext, tx: Tx, accountId: string, input: BillToInput): Promise<CorporateAccount> {
    const account = await this.lockVisibleAccount(ctx, tx, accountId);
    const country = input.country ? input.country.trim().toUpperCase() : account.country;
    // Compared under the account lock, so a concurrent staff change of the country cannot slip past it.
    if (ctx.principal?.role === Role.BILLING_CONTACT && input.country && country !== account.country.toUpperCase())
      throw new AppError(
        'COUNTRY_LOCKED',
        'The country of an account can only be changed by Corporate Account Services',
        {
          field: 'country',
        },
      );
    const changes: Partial<CorporateAccount> = {};
    for (const [field, column] of Object.entries(BILL_TO_COLUMNS) as Array<
      [keyof typeof BILL_TO_COLUMNS, (typeof BILL_TO_COLUMNS)[keyof typeof BILL_TO_COLUMNS]]
    >) {
      const value = input[field];
      if (value === undefined) continue;
      const trimmed = value === null ? null : value.trim() || null;
      if (
        trimmed === null &&
        (field === 'contactName' || field === 'email' || field === 'addressLine1' || field === 'city')
      )
        throw new BadUserInputError(`${field} is required`, field);
      (changes as Record<string, string | null>)[column] = trimmed;
    }
    if (changes.billToPhone) changes.billToPhone = normalisePhone(changes.billToPhone, country);
    if (changes.billToPostalCode) changes.billToPostalCode = checkPostalCode(changes.billToPostalCode, country);
    if (country !== account.country) {
      changes.country = country;
      // A new country must still fit the postal code and phone on file.
      const postal = changes.billToPostalCode ?? account.billToPostalCode;
      if (postal) checkPostalCode(postal, country);
    }
    const { account: updated, changed } = await this.applyChanges(ctx, tx, account, changes, 'BILL_TO_UPDATED');
    if (changed.length)
      await this.events.publish(tx, {
        type: 'account.bill_to_updated',
        accountId: updated.id,
        data: {
          id: updated.id,
          object: 'account',
          version: await this.versionOf(tx, updated.id),
          // The names of the fields that changed, never their values (an address is personal data).
          changedFields: changed.map((c) => BILL_TO_FIELD_OF[c.field] ?? c.field),
        },
      });
    return updated;
  }

  // ---- invoice recipients -------------------------------------------------

  recipientsOf(accountIds: readonly string[], tx?: Tx): Promise<InvoiceRecipient[]> {
    return (tx?.manager ?? this.ds.manager)
      .getRepository(InvoiceRecipient)
      .find({ where: { accountId: In([...accountIds]) }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  async addInvoiceRecipient(ctx: RequestContext, email: string, name?: string | null): Promise<InvoiceRecipient> {
    const address = email.trim();
    return inTransaction(this.ds, async (tx) => {
      const account = await this.lockVisibleAccount(ctx, tx, ctx.principal?.accountId ?? '');
      const existing = await tx.manager.find(InvoiceRecipient, { where: { accountId: account.id } });
      if (existing.length >= MAX_INVOICE_RECIPIENTS)
        throw new AppError('RECIPIENT_LIMIT', `At most ${MAX_INVOICE_RECIPIENTS} invoice recipients can be added`);
      if (
        existing.some((r) => r.emailKey === address.toLowerCase()) ||
        ctx.principal?.user.email.toLowerCase() === address.toLowerCase()
      )
        throw new ConflictError(`${address} already receives invoices`);
      const recipient = tx.manager.create(InvoiceRecipient, {
        accountId: account.id,
        email: address,
        emailKey: address.toLowerCase(),
        name: name?.trim() || null,
      });
      await tx.manager.insert(InvoiceRecipient, recipient);
      await this.activity.record(ctx, tx, account.id, 'INVOICE_RECIPIENT_ADDED', [
        { field: 'email', from: null, to: address },
      ]);
      return recipient;
    });
  }

  async renameInvoiceRecipient(ctx: RequestContext, id: string, name: string | null): Promise<InvoiceRecipient> {
    const newName = name?.trim() || null;
    if (newName && newName.length > 200) throw new BadUserInputError('name must be at most 200 characters', 'name');
    return this.changeRecipient(ctx, id, async (tx, recipient) => {
      await tx.manager.update(InvoiceRecipient, { id }, { name: newName });
      await this.activity.record(ctx, tx, recipient.accountId, 'INVOICE_RECIPIENT_RENAMED', [
        { field: `name (${recipient.email})`, from: recipient.name, to: newName },
      ]);
      return { ...recipient, name: newName };
    });
  }

  async removeInvoiceRecipient(ctx: RequestContext, id: string): Promise<boolean> {
    return this.changeRecipient(ctx, id, async (tx, recipient) => {
      await tx.manager.delete(InvoiceRecipient, { id });
      await this.activity.record(ctx, tx, recipient.accountId, 'INVOICE_RECIPIENT_REMOVED', [
        { field: 'email', from: recipient.email, to: null },
      ]);
      return true;
    });
  }

  private async changeRecipient<T>(
    ctx: RequestContext,
    id: string,
    change: (tx: Tx, r: InvoiceRecipient) => Promise<T>,
  ): Promise<T> {
    return inTransaction(this.ds, async (tx) => {
      const account = await this.lockVisibleAccount(ctx, tx, ctx.principal?.accountId ?? '');
      const recipient = await tx.manager.findOneBy(InvoiceRecipient, { id, accountId: account.id });
      if (!recipient) throw new NotFoundError('Invoice recipient');
      return change(tx, recipient);
    });
  }

  // ---- reads for loaders ---------------------------------------------------

  /** For services that have checked access themselves: the account or null (in `tx` when given). */
  findById(id: string, tx?: Tx): Promise<CorporateAccount | null> {
    return (tx?.manager ?? this.ds.manager).findOneBy(CorporateAccount, { id });
  }

  findByIds(ids: readonly string[]): Promise<CorporateAccount[]> {
    return this.ds.getRepository(CorporateAccount).findBy({ id: In([...ids]) });
  }

  /**
   * Marks the account changed for a change of something it owns outside its
   * row (its billing contact), in the caller's transaction: its updated time
   * and version move on. Returns the new version, for the change's event.
   */
  async bumpVersion(tx: Tx, accountId: string): Promise<number> {
    await tx.manager.update(CorporateAccount, { id: accountId }, { updatedAt: new Date() });
    return this.versionOf(tx, accountId);
  }

  /** The account's version as `tx` sees it (after its changes). */
  private async versionOf(tx: Tx, id: string): Promise<number> {
    const { version } = await tx.manager.findOneOrFail(CorporateAccount, {
      where: { id },
      select: { id: true, version: true },
    });
    return version;
  }

  /**
   * Writes `changes` (if any) and one activity entry listing them; returns the
   * updated account and what changed (nothing is written when nothing did).
   */
  private async applyChanges(
    ctx: RequestContext,
    tx: Tx,
    account: CorporateAccount,
    changes: Partial<CorporateAccount>,
    action: ActivityAction,
  ): Promise<{ account: CorporateAccount; changed: FieldChange[] }> {
    const after = { ...account, ...changes };
    const changed = diff(account, after, Object.keys(changes) as Array<Extract<keyof CorporateAccount, string>>);
    if (changed.length === 0) return { account, changed };
    await tx.manager.update(CorporateAccount, { id: account.id }, { ...changes, updatedAt: new Date() });
    await this.activity.record(ctx, tx, account.id, action, changed);
    return { account: Object.assign(account, changes), changed };
  }
}
