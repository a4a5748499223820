import { AccountResolver } from './account.resolver';
import { CorporateAccount } from './corporate-account.entity';

export { AccountService } from './account.service';

export const accountModule = {
  name: 'account',
  entities: [CorporateAccount],
  resolvers: [AccountResolver],
};
