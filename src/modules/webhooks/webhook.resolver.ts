import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../context';
import { PageArgs, type Page } from '../../common/pagination';
import { Access } from '../../common/permissions';
import { reference, type EntityReference } from '../../common/references';
import { Role } from '../../common/roles';
import { CorporateAccountRef } from '../account';
import { WebhookDelivery, WebhookDeliveryStatus, WebhookEndpoint } from './webhook.entity';
import { WebhookService } from './webhook.service';
import {
  CreateWebhookEndpointInput,
  UpdateWebhookEndpointInput,
  WebhookDeliveriesArgs,
  WebhookDeliveryConnection,
  WebhookEndpointWithSecret,
} from './webhook.types';

@Resolver(() => WebhookEndpoint)
export class WebhookEndpointResolver {
  constructor(private readonly webhooks: WebhookService) {}

  @Access(Role.ACCOUNT_SERVICES)
  @Query(() => [WebhookEndpoint], { description: 'Every webhook endpoint, oldest first' })
  webhookEndpoints(): Promise<WebhookEndpoint[]> {
    return this.webhooks.list();
  }

  @Access(Role.ACCOUNT_SERVICES)
  @Mutation(() => WebhookEndpointWithSecret, {
    description: 'Add an endpoint; the answer holds its signing secret, shown this once',
  })
  createWebhookEndpoint(
    @Ctx() ctx: RequestContext,
    @Arg('input') input: CreateWebhookEndpointInput,
  ): Promise<WebhookEndpointWithSecret> {
    return this.webhooks.create(ctx, input);
  }

  @Access(Role.ACCOUNT_SERVICES)
  @Mutation(() => WebhookEndpoint, { description: 'Change its URL, events or description, or disable or enable it' })
  updateWebhookEndpoint(
    @Ctx() ctx: RequestContext,
    @Arg('input') input: UpdateWebhookEndpointInput,
  ): Promise<WebhookEndpoint> {
    return this.webhooks.update(ctx, input);
  }

  @Access(Role.ACCOUNT_SERVICES)
  @Mutation(() => Boolean, { description: 'Delete an endpoint and its delivery history; nothing pending is sent' })
  deleteWebhookEndpoint(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<boolean> {
    return this.webhooks.delete(ctx, id);
  }

  @Access(Role.ACCOUNT_SERVICES)
  @Mutation(() => WebhookEndpointWithSecret, {
    description:
      'A new signing secret, shown this once; the previous one keeps signing beside it for WEBHOOK_SECRET_OVERLAP_HOURS (24 by default)',
  })
  rotateWebhookSecret(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<WebhookEndpointWithSecret> {
    return this.webhooks.rotateSecret(ctx, id);
  }

  @Access(Role.ACCOUNT_SERVICES)
  @Query(() => WebhookDeliveryConnection, { description: "An endpoint's deliveries, newest first" })
  webhookDeliveries(@Args() args: WebhookDeliveriesArgs, @Args() page: PageArgs): Promise<Page<WebhookDelivery>> {
    return this.webhooks.deliveries(args, page);
  }

  @Access(Role.ACCOUNT_SERVICES)
  @Mutation(() => WebhookDelivery, {
    description: 'Send a delivered or failed event again, as a new delivery with the same webhook-id',
  })
  redeliverWebhook(
    @Ctx() ctx: RequestContext,
    @Arg('deliveryId', () => ID) deliveryId: string,
  ): Promise<WebhookDelivery> {
    return this.webhooks.redeliver(ctx, deliveryId);
  }

  @Access(Role.ACCOUNT_SERVICES)
  @Mutation(() => WebhookDelivery, { description: 'Send a webhook.test event to one endpoint' })
  sendTestWebhook(
    @Ctx() ctx: RequestContext,
    @Arg('endpointId', () => ID) endpointId: string,
  ): Promise<WebhookDelivery> {
    return this.webhooks.sendTest(ctx, endpointId);
  }

  @FieldResolver(() => CorporateAccountRef, { nullable: true, description: "Only this account's events, when set" })
  account(@Root() e: WebhookEndpoint, @Ctx() ctx: RequestContext): Promise<EntityReference | null> {
    return reference(ctx, CorporateAccountRef, e.accountId);
  }
}

@Resolver(() => WebhookDelivery)
export class WebhookDeliveryResolver {
  @FieldResolver(() => String, { description: 'The webhook-id header: the same on every attempt and redelivery' })
  webhookId(@Root() d: WebhookDelivery): string {
    return d.eventId;
  }

  @FieldResolver(() => String, { description: 'The event type, e.g. invoice.paid' })
  async eventType(@Root() d: WebhookDelivery, @Ctx() ctx: RequestContext): Promise<string> {
    return (await ctx.loaders.webhooks.eventById.load(d.eventId))?.type ?? '';
  }

  @FieldResolver(() => String, { description: 'The JSON body as sent' })
  async payload(@Root() d: WebhookDelivery, @Ctx() ctx: RequestContext): Promise<string> {
    return (await ctx.loaders.webhooks.eventById.load(d.eventId))?.payload ?? '';
  }

  @FieldResolver(() => Date, { nullable: true, description: 'When the next attempt is due; null once final' })
  nextAttemptAt(@Root() d: WebhookDelivery): Date | null {
    return d.status === WebhookDeliveryStatus.PENDING ? d.nextAttemptAt : null;
  }
}
