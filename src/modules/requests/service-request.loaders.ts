import DataLoader from 'dataloader';
import type { ServiceRequestComment } from './service-request.entity';
import type { ServiceRequestService } from './service-request.service';

export const serviceRequestLoaders = (requests: ServiceRequestService) => ({
  commentsByRequestId: new DataLoader<string, ServiceRequestComment[]>(async (ids) => {
    const rows = await requests.commentsOf(ids);
    return ids.map((id) => rows.filter((c) => c.requestId === id));
  }),
});

declare module '../../context' {
  /** This module's loaders, as `ctx.loaders.requests`. */
  interface Loaders {
    requests: ReturnType<typeof serviceRequestLoaders>;
  }
}
