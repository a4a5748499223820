import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../context';
import { Money } from '../../common/money';
import { PageArgs, type Page } from '../../common/pagination';
import { Access, STAFF } from '../../common/permissions';
import { accountMoney, CorporateAccountRef } from '../account';
import { reference, type EntityReference } from '../../common/references';
import { Role } from '../../common/roles';
import { Invoice, InvoiceLine } from './invoice.entity';
import { balanceOf, InvoiceService } from './invoice.service';
import { InvoiceConnection, InvoicesArgs, IssueInvoiceInput } from './invoice.types';

@Resolver(() => Invoice)
export class InvoiceResolver {
  constructor(private readonly invoiceService: InvoiceService) {}

  @Access(...STAFF)
  @Mutation(() => Invoice, { description: 'Issue an invoice from lines' })
  issueInvoice(@Ctx() ctx: RequestContext, @Arg('input') input: IssueInvoiceInput): Promise<Invoice> {
    return this.invoiceService.issueInvoice(ctx, input.accountId, input.lines, input);
  }

  @Access(Role.ACCOUNT_SERVICES)
  @Mutation(() => Invoice, { description: 'Void an invoice that has no payment' })
  voidInvoice(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('reason') reason: string,
  ): Promise<Invoice> {
    return this.invoiceService.voidInvoice(ctx, id, reason.slice(0, 1000));
  }

  @Access(Role.BILLING_CONTACT, ...STAFF)
  @Query(() => InvoiceConnection, {
    description: "Newest first: a billing contact's last 20, or the history staff can see",
  })
  async invoices(
    @Ctx() ctx: RequestContext,
    @Args() args: InvoicesArgs,
    @Args() page: PageArgs,
  ): Promise<Page<Invoice>> {
    const result = await this.invoiceService.list(ctx, args.filter, page);
    // Lines and payments look their invoice up by id: the page has read it already.
    for (const { node } of result.edges) ctx.loaders.invoices.byId.prime(node.id, node);
    return result;
  }

  @Access(Role.BILLING_CONTACT, ...STAFF)
  @Query(() => Invoice)
  invoice(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<Invoice> {
    return this.invoiceService.get(ctx, id);
  }

  @FieldResolver(() => [InvoiceLine])
  lines(@Root() invoice: Invoice, @Ctx() ctx: RequestContext): Promise<InvoiceLine[]> {
    return ctx.loaders.invoices.linesByInvoiceId.load(invoice.id);
  }

  @FieldResolver(() => Money)
  async subtotal(@Root() i: Invoice, @Ctx() ctx: RequestContext): Promise<Money> {
    return accountMoney(ctx, i.accountId, i.subtotalMinor, i.currency);
  }

  @FieldResolver(() => Money)
  async tax(@Root() i: Invoice, @Ctx() ctx: RequestContext): Promise<Money> {
    return accountMoney(ctx, i.accountId, i.taxMinor, i.currency);
  }

  @FieldResolver(() => Money)
  async total(@Root() i: Invoice, @Ctx() ctx: RequestContext): Promise<Money> {
    return accountMoney(ctx, i.accountId, i.totalMinor, i.currency);
  }

  @FieldResolver(() => Money)
  async amountPaid(@Root() i: Invoice, @Ctx() ctx: RequestContext): Promise<Money> {
    return accountMoney(ctx, i.accountId, i.amountPaidMinor, i.currency);
  }

  @FieldResolver(() => Money)
  async balance(@Root() i: Invoice, @Ctx() ctx: RequestContext): Promise<Money> {
    return accountMoney(ctx, i.accountId, balanceOf(i), i.currency);
  }

  @FieldResolver({ description: 'A link to the printable PDF that works without a login for 5 minutes' })
  pdfUrl(@Root() i: Invoice): string {
    return this.invoiceService.pdfUrl(i);
  }

  @FieldResolver(() => Boolean, { description: 'Unpaid after its due date' })
  overdue(@Root() i: Invoice): boolean {
    return this.invoiceService.isOverdue(i);
  }

  @FieldResolver(() => CorporateAccountRef)
  async account(@Root() i: Invoice, @Ctx() ctx: RequestContext): Promise<EntityReference> {
    return (await reference(ctx, CorporateAccountRef, i.accountId))!;
  }
}

@Resolver(() => InvoiceLine)
export class InvoiceLineResolver {
  @FieldResolver(() => Money)
  async unitPrice(@Root() l: InvoiceLine, @Ctx() ctx: RequestContext): Promise<Money> {
    return this.money(ctx, l, l.unitPriceMinor);
  }

  @FieldResolver(() => Money)
  async amount(@Root() l: InvoiceLine, @Ctx() ctx: RequestContext): Promise<Money> {
    return this.money(ctx, l, l.amountMinor);
  }

  @FieldResolver(() => Money)
  async tax(@Root() l: InvoiceLine, @Ctx() ctx: RequestContext): Promise<Money> {
    return this.money(ctx, l, l.taxMinor);
  }

  private async money(ctx: RequestContext, line: InvoiceLine, amountMinor: number): Promise<Money> {
    const invoice = await ctx.loaders.invoices.byId.load(line.invoiceId);
    return accountMoney(ctx, invoice!.accountId, amountMinor, invoice!.currency);
  }
}
