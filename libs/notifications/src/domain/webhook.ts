/** The event types a store's webhook endpoint may subscribe to (the contract's list). */
export const WEBHOOK_EVENT_TYPES = [
  'order.created',
  'order.paid',
  'order.fulfilled',
  'order.cancelled',
  'order.expired',
  'order.refunded',
  'product.created',
  'product.updated',
  'product.deleted',
  'inventory.low_stock',
  'review.created',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/** Automatic attempts of one delivery; after the last failed one it is `failed`. */
export const WEBHOOK_MAX_ATTEMPTS = 8;
/** A receiver must answer 2xx within this time. */
export const WEBHOOK_TIMEOUT_MS = 10_000;

export function isWebhookEventType(value: unknown): value is WebhookEventType {
  return typeof value === 'string' && (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);
}

/** What becomes of a pending delivery after a failed attempt. */
export type AfterFailure =
  | { status: 'pending'; retryInSeconds: number }
  | { status: 'failed' | 'succeeded'; retryInSeconds: null };

/**
 * After a failed attempt (`attempts` counts it): a pending delivery retries after
 * `baseSeconds * 2^(attempts-1)`, or fails once the attempts are spent. A delivery already
 * settled (a manual retry of a failed or succeeded one) keeps its status and schedules nothing.
 */
export function afterFailedAttempt(
  status: WebhookDeliveryStatus,
  attempts: number,
  baseSeconds: number,
  final = false,
): AfterFailure {
  if (status !== 'pending') return { status, retryInSeconds: null };
  if (final || attempts >= WEBHOOK_MAX_ATTEMPTS) return { status: 'failed', retryInSeconds: null };
  return { status: 'pending', retryInSeconds: baseSeconds * 2 ** Math.max(0, attempts - 1) };
}
