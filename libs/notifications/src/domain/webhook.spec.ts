import { afterFailedAttempt, isWebhookEventType, WEBHOOK_MAX_ATTEMPTS } from './webhook';

describe('webhook delivery retries', () => {
  it('doubles the delay from the base after each failed attempt', () => {
    expect([1, 2, 3, 7].map((n) => afterFailedAttempt('pending', n, 30).retryInSeconds)).toEqual([
      30, 60, 120, 1920,
    ]);
  });

  it('fails the delivery after the last attempt, or at once when told so', () => {
    expect(afterFailedAttempt('pending', WEBHOOK_MAX_ATTEMPTS, 30)).toEqual({
      status: 'failed',
      retryInSeconds: null,
    });
    expect(afterFailedAttempt('pending', 1, 30, true).status).toBe('failed');
  });

  it('keeps a settled delivery as it is after a manual retry fails', () => {
    expect(afterFailedAttempt('succeeded', 3, 30)).toEqual({
      status: 'succeeded',
      retryInSeconds: null,
    });
    expect(afterFailedAttempt('failed', 9, 30).status).toBe('failed');
  });

  it('knows the contract event types only', () => {
    expect(isWebhookEventType('order.paid')).toBe(true);
    expect(isWebhookEventType('order.shipped')).toBe(false);
  });
});
