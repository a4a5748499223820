import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../context';
import { Access } from '../../common/permissions';
import { AccountService } from './account.service';
import { CorporateAccount } from './corporate-account.entity';

@Resolver(() => CorporateAccount)
export class AccountResolver {
  constructor(private readonly accounts: AccountService) {}

  @Access('AUTHENTICATED')
  @Query(() => CorporateAccount, { description: "A corporate account: a billing contact's own, or any for staff" })
  account(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<CorporateAccount> {
    return this.accounts.getAccount(ctx, id);
  }
}
