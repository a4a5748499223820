import { StateMachine } from '../../common/state-machine';
import { WebhookDeliveryStatus, WebhookEndpointStatus } from './webhook.entity';

/** PENDING to PENDING is a claim or a retry (the attempt count fences it); DELIVERED and FAILED are final (a redelivery is a new delivery). */
export const deliveryStatusMachine = new StateMachine<WebhookDeliveryStatus>(
  {
    [WebhookDeliveryStatus.PENDING]: [
      WebhookDeliveryStatus.PENDING,
      WebhookDeliveryStatus.DELIVERED,
      WebhookDeliveryStatus.FAILED,
    ],
    [WebhookDeliveryStatus.DELIVERED]: [],
    [WebhookDeliveryStatus.FAILED]: [],
  },
  'CONFLICT',
  { name: 'webhook delivery', values: WebhookDeliveryStatus },
);

/** Account services enable and disable an endpoint; the dispatcher disables one that keeps failing. */
export const endpointStatusMachine = new StateMachine<WebhookEndpointStatus>(
  {
    [WebhookEndpointStatus.ACTIVE]: [WebhookEndpointStatus.DISABLED],
    [WebhookEndpointStatus.DISABLED]: [WebhookEndpointStatus.ACTIVE],
  },
  'CONFLICT',
  { name: 'webhook endpoint', values: WebhookEndpointStatus },
);
