import type { ModuleDefinition } from '../module-definition';
import { ServiceRequest, ServiceRequestComment } from './service-request.entity';
import { ServiceRequestCommentResolver, ServiceRequestResolver } from './service-request.resolver';

export { ServiceRequestService } from './service-request.service';

export { serviceRequestLoaders } from './service-request.loaders';
export const requestsModule: ModuleDefinition = {
  name: 'requests',
  entities: [ServiceRequest, ServiceRequestComment],
  resolvers: [ServiceRequestResolver, ServiceRequestCommentResolver],
};
