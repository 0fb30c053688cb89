import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import {
  APP_CONFIG,
  AppConfig,
  JobRegistry,
  Outbox,
  RequestContext,
  StoreId,
  TenantTx,
} from '@silkcart/shared';
import { Webhook } from 'standardwebhooks';
import { afterFailedAttempt, WEBHOOK_TIMEOUT_MS } from '../domain/webhook';
import { ClaimedDelivery, WebhookRepository } from '../infrastructure/webhook.repository';
import { TargetRefused, WebhookSender } from '../infrastructure/webhook-sender';
import { DELIVER_WEBHOOK_JOB, DeliverWebhookPayload } from './webhook.use-cases';

/** An attempt's claim outlives the 10 s exchange; a process killed mid-attempt lets it lapse. */
const LEASE_MS = WEBHOOK_TIMEOUT_MS + 20_000;
const DUE_BATCH = 100;
/** A delivery marked queued this long ago whose job never ran is queued again. */
const QUEUED_STALE_MS = 10 * 60_000;

/**
 * Sends one attempt of a webhook delivery, in three steps each committed on its own: claim
 * the attempt (counted, leased), POST the stored body signed the Standard Webhooks way (no
 * transaction held while waiting on the receiver), record the outcome. A failure schedules the
 * next attempt on the delivery itself (`nextAttemptAt`, doubling from WEBHOOK_RETRY_BASE_SECONDS);
 * the `notifications.webhook-retries` schedule queues the deliveries that fall due, so retries
 * work alike with the BullMQ worker (a job scheduler) and the in-process runner (a timer).
 * The job itself never throws for a receiver's failure: the delivery keeps its own attempts.
 */
@Injectable()
export class DeliverWebhookJob implements OnModuleInit {
  private readonly logger = new Logger(DeliverWebhookJob.name);

  constructor(
    private readonly registry: JobRegistry,
    private readonly tx: TenantTx,
    private readonly outbox: Outbox,
    private readonly webhooks: WebhookRepository,
    private readonly sender: WebhookSender,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.registry.register<DeliverWebhookPayload>({
      type: DELIVER_WEBHOOK_JOB,
      handle: (ctx, { deliveryId, manual }) => this.deliver(ctx, deliveryId, manual ?? false),
    });
    this.registry.schedule({
      name: 'notifications.webhook-retries',
      // Often enough that a retry waits little past its time, never more than every 5 s.
      everyMs: Math.min(Math.max(this.config.webhooks.retryBaseSeconds * 1000, 100), 5000),
      run: (ctx) => this.queueDue(ctx),
    });
  }

  /** Across stores: one job for each pending delivery whose next attempt is due. */
  async queueDue(ctx: RequestContext): Promise<void> {
    for (const due of await this.webhooks.queueDue(ctx, DUE_BATCH, QUEUED_STALE_MS)) {
      await this.outbox.enqueue<DeliverWebhookPayload>(
        ctx.inStore(due.storeId as StoreId, null),
        DELIVER_WEBHOOK_JOB,
        { deliveryId: due.id },
      );
    }
  }

  async deliver(ctx: RequestContext, id: string, manual: boolean): Promise<void> {
    const claim = await this.tx.run(ctx, (c) => this.webhooks.claim(c, id, manual, LEASE_MS));
    if (claim.kind === 'disabled') {
      await this.tx.run(ctx, (c) =>
        this.webhooks.markFailed(c, id, {
          status: 'failed',
          responseStatus: null,
          error: 'not sent: the endpoint is disabled',
          retryInSeconds: null,
        }),
      );
      return;
    }
    if (claim.kind !== 'claimed') return;
    const delivery = claim.delivery;
    let responseStatus: number | null = null;
    let error: string;
    let refused = false;
    try {
      const answer = await this.sender.post(delivery.url, this.headers(delivery), delivery.payload);
      if (answer.status >= 200 && answer.status < 300) {
        await this.tx.run(ctx, (c) => this.webhooks.markSucceeded(c, id, answer.status));
        return;
      }
      responseStatus = answer.status;
      error = `the endpoint answered ${answer.status}`;
    } catch (err) {
      refused = err instanceof TargetRefused;
      error = err instanceof Error ? err.message : String(err);
    }
    const next = afterFailedAttempt(
      delivery.status,
      delivery.attempts,
      this.config.webhooks.retryBaseSeconds,
      refused,
    );
    await this.tx.run(ctx, (c) =>
      this.webhooks.markFailed(c, id, { ...next, responseStatus, error }),
    );
    this.logger.warn(
      { deliveryId: id, attempts: delivery.attempts, status: next.status, err: error },
      'webhook attempt failed',
    );
  }

  private headers(delivery: ClaimedDelivery): Record<string, string> {
    const now = new Date();
    return {
      'content-type': 'application/json',
      'user-agent': 'SilkCart-Webhooks/1',
      'webhook-id': delivery.eventId,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': new Webhook(delivery.secret).sign(
        delivery.eventId,
        now,
        delivery.payload,
      ),
    };
  }
}
