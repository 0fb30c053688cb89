import { Injectable } from '@nestjs/common';
import { CatalogFacade } from '@silkcart/catalog';
import { EventBus, RequestContext } from '@silkcart/shared';
import { STATUS_EVENTS } from '../domain/order-events';
import { assertTransition, OrderStatus } from '../domain/order-status';
import { OrderNotFound } from '../domain/ordering.errors';
import { OrderRepository, OrderState } from '../infrastructure/order.repository';
import { PromotionRepository } from '../infrastructure/promotion.repository';

/**
 * One transition of an order, under its row lock: checked against the lifecycle table,
 * recorded, stock given back when the order leaves without being paid for or is cancelled
 * (and its promotion's use, when it was never paid), and the transition's event published in
 * the same transaction.
 */
@Injectable()
export class OrderTransitions {
  constructor(
    private readonly orders: OrderRepository,
    private readonly catalog: CatalogFacade,
    private readonly events: EventBus,
    private readonly promotions: PromotionRepository,
  ) {}

  async apply(
    ctx: RequestContext,
    orderId: string,
    to: OrderStatus,
    extra: { trackingNumber?: string; carrier?: string; cancelReason?: string } = {},
  ): Promise<OrderState> {
    const order = await this.orders.lockState(ctx, orderId);
    if (!order) throw new OrderNotFound();
    assertTransition(order.status, to);
    await this.orders.setStatus(ctx, orderId, to, extra);
    if (to === 'cancelled' || to === 'expired') {
      await this.catalog.release(ctx, order.items);
      if (order.status === 'pending_payment') await this.promotions.release(ctx, orderId);
    }
    const event = STATUS_EVENTS[to as keyof typeof STATUS_EVENTS];
    if (event) await this.events.publish(ctx, event, { orderId, from: order.status, to, ...extra });
    return { ...order, status: to };
  }
}
