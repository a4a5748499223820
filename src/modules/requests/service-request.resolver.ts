import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { LocalDateResolver } from 'graphql-scalars';
import type { RequestContext } from '../../context';
import { PageArgs, type Page } from '../../common/pagination';
import { ADMINS, Access, STAFF } from '../../common/permissions';
import { BillingFrequency, CorporateAccountRef } from '../account';
import { BillingUserRef, displayNameOf } from '../identity';
import { reference, type EntityReference } from '../../common/references';
import { Role } from '../../common/roles';
import { FormKind, ServiceRequest, ServiceRequestComment } from './service-request.entity';
import { ServiceRequestService } from './service-request.service';
import { FileRequestInput, ServiceRequestConnection, ServiceRequestsArgs } from './service-request.types';

@Resolver(() => ServiceRequest)
export class ServiceRequestResolver {
  constructor(private readonly requests: ServiceRequestService) {}

  @Access(...ADMINS)
  @Mutation(() => ServiceRequest, { description: 'File a request with Corporate Account Services' })
  fileServiceRequest(@Ctx() ctx: RequestContext, @Arg('input') input: FileRequestInput): Promise<ServiceRequest> {
    return this.requests.file(ctx, input);
  }

  @Access(Role.BILLING_CONTACT, ...STAFF)
  @Query(() => ServiceRequestConnection, {
    description: "Requests, newest first: a contact's own, a rep's accounts', or the whole queue",
  })
  serviceRequests(
    @Ctx() ctx: RequestContext,
    @Args() args: ServiceRequestsArgs,
    @Args() page: PageArgs,
  ): Promise<Page<ServiceRequest>> {
    return this.requests.list(ctx, args.filter, page);
  }

  @Access(Role.BILLING_CONTACT, ...STAFF)
  @Query(() => ServiceRequest)
  serviceRequest(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<ServiceRequest> {
    return this.requests.get(ctx, id);
  }

  @Access(Role.ACCOUNT_SERVICES)
  @Mutation(() => ServiceRequest, { description: 'Take an open request: it becomes IN_PROGRESS and yours' })
  takeServiceRequest(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<ServiceRequest> {
    return this.requests.take(ctx, id);
  }

  @Access(...ADMINS, ...STAFF)
  @Mutation(() => ServiceRequestComment, { description: 'Add to the thread of a request' })
  commentOnServiceRequest(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('body') body: string,
  ): Promise<ServiceRequestComment> {
    return this.requests.comment(ctx, id, body);
  }

  @Access(Role.ACCOUNT_SERVICES)
  @Mutation(() => ServiceRequest, {
    description: 'Resolve a request; applyChange carries out a frequency change, reactivation or cancellation',
  })
  resolveServiceRequest(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('note') note: string,
    @Arg('applyChange', { defaultValue: false }) applyChange: boolean,
  ): Promise<ServiceRequest> {
    return this.requests.resolve(ctx, id, note, applyChange);
  }

  @Access(Role.ACCOUNT_SERVICES)
  @Mutation(() => ServiceRequest)
  declineServiceRequest(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('note') note: string,
  ): Promise<ServiceRequest> {
    return this.requests.decline(ctx, id, note);
  }

  @FieldResolver(() => BillingFrequency, { nullable: true })
  wantedFrequency(@Root() r: ServiceRequest): BillingFrequency | null {
    return r.typeDetails?.wantedFrequency ?? null;
  }

  @FieldResolver(() => String, { nullable: true })
  reason(@Root() r: ServiceRequest): string | null {
    return r.typeDetails?.reason ?? null;
  }

  @FieldResolver(() => LocalDateResolver, { nullable: true })
  wantedDate(@Root() r: ServiceRequest): string | null {
    return r.typeDetails?.wantedDate ?? null;
  }

  @FieldResolver(() => FormKind, { nullable: true })
  formKind(@Root() r: ServiceRequest): FormKind | null {
    return r.typeDetails?.formKind ?? null;
  }

  @FieldResolver(() => String, { nullable: true })
  invoiceNumber(@Root() r: ServiceRequest): string | null {
    return r.typeDetails?.invoiceNumber ?? null;
  }

  @FieldResolver(() => CorporateAccountRef)
  async account(@Root() r: ServiceRequest, @Ctx() ctx: RequestContext): Promise<EntityReference> {
    return (await reference(ctx, CorporateAccountRef, r.accountId))!;
  }

  @FieldResolver(() => BillingUserRef, { nullable: true, description: 'Who filed it' })
  filedBy(@Root() r: ServiceRequest, @Ctx() ctx: RequestContext): Promise<EntityReference | null> {
    return reference(ctx, BillingUserRef, r.filedBy);
  }

  @FieldResolver(() => String, { nullable: true, description: 'The account services agent working on it' })
  async assigneeName(@Root() r: ServiceRequest, @Ctx() ctx: RequestContext): Promise<string | null> {
    return displayNameOf(ctx, r.assignedTo);
  }

  @FieldResolver(() => [ServiceRequestComment], { description: 'The thread, oldest first' })
  comments(@Root() r: ServiceRequest, @Ctx() ctx: RequestContext): Promise<ServiceRequestComment[]> {
    return ctx.loaders.requests.commentsByRequestId.load(r.id);
  }
}

@Resolver(() => ServiceRequestComment)
export class ServiceRequestCommentResolver {
  @FieldResolver(() => String, { nullable: true })
  async authorName(@Root() c: ServiceRequestComment, @Ctx() ctx: RequestContext): Promise<string | null> {
    return displayNameOf(ctx, c.authorId);
  }
}
