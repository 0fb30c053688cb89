import { Injectable } from '@nestjs/common';
import { Outbox, PublishedEvent, RequestContext } from '@silkcart/shared';
import type { WebhookEventType } from '../domain/webhook';
import { WebhookRepository } from '../infrastructure/webhook.repository';
import { DELIVER_WEBHOOK_JOB, DeliverWebhookPayload } from './webhook.use-cases';

/**
 * Turns one event into one delivery per enabled endpoint of the event's store subscribed to
 * its type, each with its first attempt queued, in the subscriber's transaction. The body is
 * built here, once, so every attempt sends the same bytes; `data` is only read when some
 * endpoint listens.
 */
@Injectable()
export class WebhookFanout {
  constructor(
    private readonly webhooks: WebhookRepository,
    private readonly outbox: Outbox,
  ) {}

  async deliver(
    ctx: RequestContext,
    event: PublishedEvent<unknown>,
    type: WebhookEventType,
    data: () => Promise<unknown>,
  ): Promise<void> {
    const endpoints = await this.webhooks.subscribedTo(ctx, type);
    if (endpoints.length === 0) return;
    const payload = JSON.stringify({
      id: event.id,
      type,
      createdAt: event.occurredAt,
      storeId: ctx.storeId,
      data: (await data()) ?? null,
    });
    const ids = await this.webhooks.insertDeliveries(ctx, endpoints, {
      id: event.id,
      type,
      payload,
    });
    for (const deliveryId of ids) {
      await this.outbox.enqueue<DeliverWebhookPayload>(ctx, DELIVER_WEBHOOK_JOB, { deliveryId });
    }
  }
}
