import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../context';
import { Money } from '../../common/money';
import { PageArgs, type Page } from '../../common/pagination';
import { ADMINS, Access, STAFF } from '../../common/permissions';
import { accountMoney, CorporateAccountRef } from '../account';
import { BillingUserRef } from '../identity';
import { reference, type EntityReference } from '../../common/references';
import { Role } from '../../common/roles';
import { InvoiceRef } from '../invoices';
import { productsOf, ProductRef, seatsOf } from '../subscriptions';
import { Quote, QuoteLine, QuoteStatus, SeatEffect } from './quote.entity';
import { QuoteService, seatEffect } from './quote.service';
import { CreateQuoteInput, QuoteConnection, QuoteDraftInput, QuotesArgs, RejectQuoteInput } from './quote.types';

@Resolver(() => Quote)
export class QuoteResolver {
  constructor(private readonly quoteService: QuoteService) {}

  @Access(...STAFF)
  @Mutation(() => Quote, { description: "Draft a quote for an account (the account's sales rep or account services)" })
  createQuote(@Ctx() ctx: RequestContext, @Arg('input') input: CreateQuoteInput): Promise<Quote> {
    return this.quoteService.create(ctx, input);
  }

  @Access(...STAFF)
  @Mutation(() => Quote, { description: "Replace a draft's expiry date, note and lines" })
  updateQuote(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('input') input: QuoteDraftInput,
  ): Promise<Quote> {
    return this.quoteService.update(ctx, id, input);
  }

  @Access(...STAFF)
  @Mutation(() => Boolean, { description: 'Delete a draft' })
  deleteQuote(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<boolean> {
    return this.quoteService.delete(ctx, id);
  }

  @Access(...STAFF)
  @Mutation(() => Quote, { description: 'Send a draft to the billing contact (e-mailed a link)' })
  sendQuote(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<Quote> {
    return this.quoteService.send(ctx, id);
  }

  @Access(...STAFF)
  @Mutation(() => Quote, { description: 'Withdraw a sent quote' })
  withdrawQuote(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<Quote> {
    return this.quoteService.withdraw(ctx, id);
  }

  @Access(...STAFF)
  @Mutation(() => Quote, { description: 'Supersede a sent quote by a new draft revision (returned) to edit and send' })
  reviseQuote(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<Quote> {
    return this.quoteService.revise(ctx, id);
  }

  @Access(...ADMINS)
  @Mutation(() => Quote, {
    description: 'Accept a sent quote: the subscription changes and the added seats are invoiced, at once',
  })
  acceptQuote(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('purchaseOrderNumber', () => String, {
      nullable: true,
      description: "The PO to quote on the invoice; by default the account's default PO",
    })
    purchaseOrderNumber?: string | null,
  ): Promise<Quote> {
    return this.quoteService.accept(ctx, id, purchaseOrderNumber);
  }

  @Access(...ADMINS)
  @Mutation(() => Quote, { description: 'Reject a sent quote with a reason' })
  rejectQuote(@Ctx() ctx: RequestContext, @Arg('input') input: RejectQuoteInput): Promise<Quote> {
    return this.quoteService.reject(ctx, input.id, input.reason, input.comment);
  }

  @Access(Role.BILLING_CONTACT, ...STAFF)
  @Query(() => QuoteConnection, {
    description: 'Pending quotes first, then newest first; billing contacts never see drafts',
  })
  quotes(@Ctx() ctx: RequestContext, @Args() args: QuotesArgs, @Args() page: PageArgs): Promise<Page<Quote>> {
    return this.quoteService.list(ctx, args.filter, page);
  }

  @Access(Role.BILLING_CONTACT, ...STAFF)
  @Query(() => Quote)
  quote(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<Quote> {
    return this.quoteService.get(ctx, id);
  }

  @FieldResolver(() => QuoteStatus, { description: 'EXPIRED once a sent quote is past its expiry date' })
  status(@Root() q: Quote): QuoteStatus {
    return this.quoteService.statusOf(q);
  }

  @FieldResolver(() => [QuoteLine])
  lines(@Root() q: Quote, @Ctx() ctx: RequestContext): Promise<QuoteLine[]> {
    return ctx.loaders.quotes.linesByQuoteId.load(q.id);
  }

  @FieldResolver(() => [SeatEffect], {
    description: 'For every product: seats now, the change and seats after (as decided, once decided)',
  })
  async effect(@Root() q: Quote, @Ctx() ctx: RequestContext): Promise<SeatEffect[]> {
    if (q.effectSnapshot) return q.effectSnapshot;
    const [lines, items] = await Promise.all([ctx.loaders.quotes.linesByQuoteId.load(q.id), seatsOf(ctx, q.accountId)]);
    const products = await productsOf(ctx, [...items.map((i) => i.productId), ...lines.map((l) => l.productId)]);
    return seatEffect(items, lines, products);
  }

  @FieldResolver(() => Money)
  async subtotal(@Root() q: Quote, @Ctx() ctx: RequestContext): Promise<Money> {
    return accountMoney(ctx, q.accountId, q.subtotalMinor, q.currency);
  }

  @FieldResolver(() => Money)
  async tax(@Root() q: Quote, @Ctx() ctx: RequestContext): Promise<Money> {
    return accountMoney(ctx, q.accountId, q.taxMinor, q.currency);
  }

  @FieldResolver(() => Money)
  async total(@Root() q: Quote, @Ctx() ctx: RequestContext): Promise<Money> {
    return accountMoney(ctx, q.accountId, q.totalMinor, q.currency);
  }

  @FieldResolver({ description: 'A link to the printable PDF that works without a login for 5 minutes' })
  pdfUrl(@Root() q: Quote): string {
    return this.quoteService.pdfUrl(q);
  }

  @FieldResolver(() => CorporateAccountRef)
  async account(@Root() q: Quote, @Ctx() ctx: RequestContext): Promise<EntityReference> {
    return (await reference(ctx, CorporateAccountRef, q.accountId))!;
  }

  @FieldResolver(() => BillingUserRef, { nullable: true, description: 'Who drafted it' })
  createdBy(@Root() q: Quote, @Ctx() ctx: RequestContext): Promise<EntityReference | null> {
    return reference(ctx, BillingUserRef, q.createdBy);
  }

  @FieldResolver(() => BillingUserRef, { nullable: true, description: 'Who sent it' })
  sentBy(@Root() q: Quote, @Ctx() ctx: RequestContext): Promise<EntityReference | null> {
    return reference(ctx, BillingUserRef, q.sentBy);
  }

  @FieldResolver(() => BillingUserRef, { nullable: true, description: 'Who accepted, rejected or withdrew it' })
  decidedBy(@Root() q: Quote, @Ctx() ctx: RequestContext): Promise<EntityReference | null> {
    return reference(ctx, BillingUserRef, q.decidedBy);
  }

  @Access(...STAFF)
  @FieldResolver(() => String, { nullable: true, description: 'Staff: the client address the decision came from' })
  decidedFrom(@Root() q: Quote): string | null {
    return q.decidedFrom;
  }

  @FieldResolver(() => InvoiceRef, {
    nullable: true,
    description: 'The invoice of an accepted quote (none when it only removes seats)',
  })
  invoice(@Root() q: Quote, @Ctx() ctx: RequestContext): Promise<EntityReference | null> {
    return reference(ctx, InvoiceRef, q.invoiceId);
  }
}

@Resolver(() => QuoteLine)
export class QuoteLineResolver {
  @FieldResolver(() => ProductRef)
  async product(@Root() l: QuoteLine, @Ctx() ctx: RequestContext): Promise<EntityReference> {
    return (await reference(ctx, ProductRef, l.productId))!;
  }

  @FieldResolver(() => Money, { description: 'The catalogue price per seat for the term' })
  listUnitPrice(@Root() l: QuoteLine, @Ctx() ctx: RequestContext): Promise<Money> {
    return this.money(ctx, l, l.listUnitPriceMinor);
  }

  @FieldResolver(() => Money, {
    nullable: true,
    description: "The rep's price per seat, when it replaces the catalogue's",
  })
  async unitPriceOverride(@Root() l: QuoteLine, @Ctx() ctx: RequestContext): Promise<Money | null> {
    return l.unitPriceOverrideMinor === null ? null : this.money(ctx, l, l.unitPriceOverrideMinor);
  }

  @FieldResolver(() => Money, { description: 'Per seat after override and discount' })
  unitPrice(@Root() l: QuoteLine, @Ctx() ctx: RequestContext): Promise<Money> {
    return this.money(ctx, l, l.unitPriceMinor);
  }

  @FieldResolver(() => Money, { description: 'Seats added times the unit price; 0 for seats removed' })
  amount(@Root() l: QuoteLine, @Ctx() ctx: RequestContext): Promise<Money> {
    return this.money(ctx, l, l.amountMinor);
  }

  @FieldResolver(() => Money)
  tax(@Root() l: QuoteLine, @Ctx() ctx: RequestContext): Promise<Money> {
    return this.money(ctx, l, l.taxMinor);
  }

  private async money(ctx: RequestContext, line: QuoteLine, amountMinor: number): Promise<Money> {
    const quote = await ctx.loaders.quotes.byId.load(line.quoteId);
    return accountMoney(ctx, quote!.accountId, amountMinor, quote!.currency);
  }
}
