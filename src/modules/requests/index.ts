import { ServiceRequest, ServiceRequestComment } from './service-request.entity';
import { ServiceRequestCommentResolver, ServiceRequestResolver } from './service-request.resolver';

export { ServiceRequestService } from './service-request.service';

export const requestsModule = {
  name: 'requests',
  entities: [ServiceRequest, ServiceRequestComment],
  resolvers: [ServiceRequestResolver, ServiceRequestCommentResolver],
};
