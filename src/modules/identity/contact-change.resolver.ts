import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../context';
import { targetAccountId } from '../account';
import { ADMINS, Access, STAFF } from '../../common/permissions';
import { extendedType, type EntityReference } from '../../common/references';
import { BillingUser } from './billing-user.entity';
import { BillingContactChange } from './contact-change.entity';
import { ContactChangeService } from './contact-change.service';
import { NewBillingContactInput } from './identity.types';

/** The account as the identity module sees it: its id, with the contact fields this module adds. */
export const AccountWithContacts = extendedType('CorporateAccount');

@Resolver(() => BillingContactChange)
export class ContactChangeResolver {
  constructor(private readonly changes: ContactChangeService) {}

  @Access(...ADMINS, ...STAFF)
  @Mutation(() => BillingContactChange, {
    description: 'Name a new billing contact; they are invited and take over when they activate',
  })
  requestBillingContactChange(
    @Ctx() ctx: RequestContext,
    @Arg('input') input: NewBillingContactInput,
    @Arg('accountId', () => ID, { nullable: true }) accountId?: string | null,
  ): Promise<BillingContactChange> {
    return this.changes.request(ctx, targetAccountId(ctx, accountId), input);
  }

  @Access(...ADMINS, ...STAFF)
  @Mutation(() => Boolean, { description: 'Cancel a pending change of billing contact' })
  cancelBillingContactChange(
    @Ctx() ctx: RequestContext,
    @Arg('accountId', () => ID, { nullable: true }) accountId?: string | null,
  ): Promise<boolean> {
    return this.changes.cancel(ctx, targetAccountId(ctx, accountId));
  }

  @FieldResolver(() => BillingUser, { description: 'The invited new contact' })
  async newContact(@Root() change: BillingContactChange, @Ctx() ctx: RequestContext): Promise<BillingUser> {
    return (await ctx.loaders.identity.userById.load(change.newUserId))!;
  }

  @FieldResolver(() => BillingUser, { description: 'The contact being replaced' })
  async previousContact(@Root() change: BillingContactChange, @Ctx() ctx: RequestContext): Promise<BillingUser> {
    return (await ctx.loaders.identity.userById.load(change.previousUserId))!;
  }
}

@Resolver(() => AccountWithContacts)
export class AccountContactChangeResolver {
  @FieldResolver(() => BillingUser, {
    nullable: true,
    description: 'The billing contact (active, or invited and not yet active)',
  })
  billingContact(@Root() account: EntityReference, @Ctx() ctx: RequestContext): Promise<BillingUser | null> {
    return ctx.loaders.identity.billingContactByAccountId.load(account.id);
  }

  @FieldResolver(() => BillingContactChange, {
    nullable: true,
    description: 'A change of billing contact waiting for the new contact to activate',
  })
  pendingBillingContactChange(
    @Root() account: EntityReference,
    @Ctx() ctx: RequestContext,
  ): Promise<BillingContactChange | null> {
    return ctx.loaders.identity.pendingContactChangeByAccountId.load(account.id);
  }
}
