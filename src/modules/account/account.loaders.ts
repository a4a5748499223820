import { byIdLoader } from '../../common/loaders';
import type { AccountService } from './account.service';

export const accountLoaders = (accounts: AccountService) => ({
  accountById: byIdLoader((ids) => accounts.findByIds(ids)),
});
