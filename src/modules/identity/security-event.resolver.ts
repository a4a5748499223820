import { Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../context';
import { PageArgs, type Page } from '../../common/pagination';
import { Access } from '../../common/permissions';
import { BillingUser } from './billing-user.entity';
import { Role } from '../../common/roles';
import { SecurityEvent } from './security-event.entity';
import { SecurityEventService } from './security-event.service';
import { SecurityEventConnection, SecurityEventsArgs } from './identity.types';

@Resolver(() => SecurityEvent)
export class SecurityEventResolver {
  constructor(private readonly events: SecurityEventService) {}

  @Access(Role.ACCOUNT_SERVICES)
  @Query(() => SecurityEventConnection, { description: 'Account services: security events, newest first' })
  securityEvents(
    @Ctx() ctx: RequestContext,
    @Args() args: SecurityEventsArgs,
    @Args() page: PageArgs,
  ): Promise<Page<SecurityEvent>> {
    return this.events.list(ctx, args.filter, page);
  }

  @FieldResolver(() => BillingUser, { nullable: true, description: 'The user the event is about' })
  user(@Root() e: SecurityEvent, @Ctx() ctx: RequestContext): Promise<BillingUser | null> {
    return e.userId ? ctx.loaders.identity.userById.load(e.userId) : Promise.resolve(null);
  }

  @FieldResolver(() => BillingUser, { nullable: true, description: 'Who did it, when not the user themselves' })
  actor(@Root() e: SecurityEvent, @Ctx() ctx: RequestContext): Promise<BillingUser | null> {
    return e.actorId ? ctx.loaders.identity.userById.load(e.actorId) : Promise.resolve(null);
  }
}
