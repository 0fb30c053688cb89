import { Webhook } from 'standardwebhooks';
import { waitFor } from './http';
import type { TestApi } from './test-api';
import type { ReceivedWebhook } from './webhook-receiver';

/** A delivery as `GET /stores/{storeId}/webhooks/{webhookId}/deliveries` lists it. */
export interface Delivery {
  id: string;
  eventId: string;
  eventType: string;
  status: 'pending' | 'succeeded' | 'failed';
  attempts: number;
  responseStatus: number | null;
  lastError: string | null;
  createdAt: string;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
}

/** The endpoint's deliveries once `done` holds for them (the list answer, newest first). */
export function settled(
  api: Pick<TestApi, 'http'>,
  token: string,
  storeId: string,
  webhookId: string,
  done: (items: Delivery[]) => boolean,
  what = 'the deliveries to settle',
): Promise<Delivery[]> {
  let last: unknown;
  return waitFor(
    async () => {
      const res = await api.http(
        'GET',
        `/api/v1/stores/${storeId}/webhooks/${webhookId}/deliveries`,
        {
          token,
        },
      );
      last = res.body;
      return res.status === 200 && done(res.body.items) ? (res.body.items as Delivery[]) : null;
    },
    20_000,
    () => `${what}: ${JSON.stringify(last)}`,
  );
}

/**
 * The body of a received webhook, once its Standard Webhooks signature (`webhook-id`,
 * `webhook-timestamp`, `webhook-signature`) verifies with the endpoint's secret; throws otherwise.
 */
export const verified = (hook: ReceivedWebhook, secret: string) =>
  new Webhook(secret).verify(hook.raw, hook.headers) as Record<string, unknown>;
