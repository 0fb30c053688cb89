import { Injectable } from '@nestjs/common';
import { Outbox, Page, RequestContext } from '@silkcart/shared';
import { TenancyFacade } from '@silkcart/tenancy';
import { randomBytes } from 'node:crypto';
import { WebhookDeliveryNotFound, WebhookNotFound } from '../domain/webhook.errors';
import type { WebhookDeliveryStatus, WebhookEventType } from '../domain/webhook';
import { EndpointChanges, WebhookRepository } from '../infrastructure/webhook.repository';
import type { CreatedWebhookView, WebhookDeliveryView, WebhookView } from './webhooks.views';

// The store-admin side of webhooks: the endpoints and their deliveries. They share one
// repository and are each a line or two; one file keeps them together.

export const DELIVER_WEBHOOK_JOB = 'notifications.deliver-webhook';

export interface DeliverWebhookPayload {
  deliveryId: string;
  /** A merchant asked for it: one attempt whatever the delivery's status. */
  manual?: boolean;
}

const distinct = <T>(values: T[]): T[] => [...new Set(values)];

/** A new endpoint, enabled, with its signing secret shown in this answer only. */
@Injectable()
export class CreateWebhook {
  constructor(
    private readonly webhooks: WebhookRepository,
    private readonly tenancy: TenancyFacade,
  ) {}

  async execute(
    ctx: RequestContext,
    input: { url: string; events: WebhookEventType[]; description?: string },
  ): Promise<CreatedWebhookView> {
    await this.tenancy.consume(ctx, 'webhooks');
    const secret = `whsec_${randomBytes(24).toString('base64')}`;
    const endpoint = await this.webhooks.insertEndpoint(ctx, {
      url: input.url,
      events: distinct(input.events),
      description: input.description ?? null,
      secret,
    });
    return { ...endpoint, secret };
  }
}

@Injectable()
export class ListWebhooks {
  constructor(private readonly webhooks: WebhookRepository) {}

  execute(ctx: RequestContext): Promise<WebhookView[]> {
    return this.webhooks.listEndpoints(ctx);
  }
}

@Injectable()
export class UpdateWebhook {
  constructor(private readonly webhooks: WebhookRepository) {}

  async execute(ctx: RequestContext, id: string, changes: EndpointChanges): Promise<WebhookView> {
    const updated = await this.webhooks.updateEndpoint(ctx, id, {
      ...changes,
      events: changes.events && distinct(changes.events),
    });
    if (!updated) throw new WebhookNotFound();
    return updated;
  }
}

/** Removes the endpoint and its deliveries; attempts already queued find nothing to send. */
@Injectable()
export class DeleteWebhook {
  constructor(
    private readonly webhooks: WebhookRepository,
    private readonly tenancy: TenancyFacade,
  ) {}

  async execute(ctx: RequestContext, id: string): Promise<void> {
    if (!(await this.webhooks.deleteEndpoint(ctx, id))) throw new WebhookNotFound();
    await this.tenancy.release(ctx, 'webhooks');
  }
}

/** An endpoint's deliveries, newest first. */
@Injectable()
export class ListWebhookDeliveries {
  constructor(private readonly webhooks: WebhookRepository) {}

  async execute(
    ctx: RequestContext,
    endpointId: string,
    query: { status?: WebhookDeliveryStatus; page: number; limit: number },
  ): Promise<Page<WebhookDeliveryView>> {
    if (!(await this.webhooks.endpointExists(ctx, endpointId))) throw new WebhookNotFound();
    const [items, total] = await this.webhooks.deliveryPage(ctx, endpointId, query);
    return { items, total, page: query.page, limit: query.limit };
  }
}

/**
 * One more attempt now, whatever the delivery's status: a job of its own, queued with the
 * request's commit. The delivery is not changed until that attempt is made.
 */
@Injectable()
export class RetryWebhookDelivery {
  constructor(
    private readonly webhooks: WebhookRepository,
    private readonly outbox: Outbox,
  ) {}

  async execute(ctx: RequestContext, endpointId: string, deliveryId: string): Promise<void> {
    if (!(await this.webhooks.endpointExists(ctx, endpointId))) throw new WebhookNotFound();
    if (!(await this.webhooks.deliveryExists(ctx, endpointId, deliveryId))) {
      throw new WebhookDeliveryNotFound();
    }
    await this.outbox.enqueue<DeliverWebhookPayload>(ctx, DELIVER_WEBHOOK_JOB, {
      deliveryId,
      manual: true,
    });
  }
}
