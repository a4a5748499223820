import { byIdLoader } from '../../common/loaders';
import type { IdentityService } from './identity.service';

export const identityLoaders = (identity: IdentityService) => ({
  userById: byIdLoader((ids) => identity.findByIds(ids)),
});
