import { Injectable } from '@nestjs/common';
import {
  OrderCancelled,
  OrderExpired,
  OrderFulfilled,
  OrderingFacade,
  OrderPaid,
  OrderPlaced,
  OrderRefunded,
} from '@silkcart/ordering';
import { PublishedEvent, RequestContext, Subscribe } from '@silkcart/shared';
import type { WebhookEventType } from '../domain/webhook';
import { WebhookFanout } from './webhook-fanout';

// Each order event is its own subscriber (its own job, retried alone); they differ only in
// the event and the webhook type, so they share this base. `data` is the order as the store
// side shows it, read when the event is delivered.

@Injectable()
abstract class OrderWebhooks {
  protected abstract readonly type: WebhookEventType;

  constructor(
    private readonly fanout: WebhookFanout,
    private readonly orders: OrderingFacade,
  ) {}

  handle(ctx: RequestContext, event: PublishedEvent<{ orderId: string }>): Promise<void> {
    return this.fanout.deliver(ctx, event, this.type, () =>
      this.orders.view(ctx, event.data.orderId),
    );
  }
}

@Injectable()
@Subscribe(OrderPlaced, { name: 'notifications.webhooks.order-created' })
export class DeliverOrderCreatedWebhooks extends OrderWebhooks {
  protected readonly type = 'order.created';
}

@Injectable()
@Subscribe(OrderPaid, { name: 'notifications.webhooks.order-paid' })
export class DeliverOrderPaidWebhooks extends OrderWebhooks {
  protected readonly type = 'order.paid';
}

@Injectable()
@Subscribe(OrderFulfilled, { name: 'notifications.webhooks.order-fulfilled' })
export class DeliverOrderFulfilledWebhooks extends OrderWebhooks {
  protected readonly type = 'order.fulfilled';
}

@Injectable()
@Subscribe(OrderCancelled, { name: 'notifications.webhooks.order-cancelled' })
export class DeliverOrderCancelledWebhooks extends OrderWebhooks {
  protected readonly type = 'order.cancelled';
}

@Injectable()
@Subscribe(OrderExpired, { name: 'notifications.webhooks.order-expired' })
export class DeliverOrderExpiredWebhooks extends OrderWebhooks {
  protected readonly type = 'order.expired';
}

/** Full and partial refunds alike. */
@Injectable()
@Subscribe(OrderRefunded, { name: 'notifications.webhooks.order-refunded' })
export class DeliverOrderRefundedWebhooks extends OrderWebhooks {
  protected readonly type = 'order.refunded';
}

export const ORDER_WEBHOOK_SUBSCRIBERS = [
  DeliverOrderCreatedWebhooks,
  DeliverOrderPaidWebhooks,
  DeliverOrderFulfilledWebhooks,
  DeliverOrderCancelledWebhooks,
  DeliverOrderExpiredWebhooks,
  DeliverOrderRefundedWebhooks,
];
