import DataLoader from 'dataloader';
import type { WebhookEvent } from './webhook.entity';
import type { WebhookService } from './webhook.service';

export const webhookLoaders = (webhooks: WebhookService) => ({
  eventById: new DataLoader<string, WebhookEvent | null>(async (ids) => {
    const rows = await webhooks.eventsByIds(ids);
    return ids.map((id) => rows.find((e) => e.id === id) ?? null);
  }),
});

declare module '../../context' {
  /** This module's loaders, as `ctx.loaders.webhooks`. */
  interface Loaders {
    webhooks: ReturnType<typeof webhookLoaders>;
  }
}
