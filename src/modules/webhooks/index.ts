import type { ModuleDefinition } from '../module-definition';
import { WebhookDelivery, WebhookEndpoint, WebhookEvent } from './webhook.entity';
import { WebhookDeliveryResolver, WebhookEndpointResolver } from './webhook.resolver';

// The webhooks module's public surface.
export { WebhookService } from './webhook.service';
export { WebhookDispatcher } from './webhook-dispatcher';
export { webhookLoaders } from './webhook.loaders';
export { EVENT_CATALOGUE, PAYLOAD_VERSION, TEST_EVENT } from './webhook-events';

export const webhooksModule: ModuleDefinition = {
  name: 'webhooks',
  entities: [WebhookEndpoint, WebhookEvent, WebhookDelivery],
  resolvers: [WebhookEndpointResolver, WebhookDeliveryResolver],
};
