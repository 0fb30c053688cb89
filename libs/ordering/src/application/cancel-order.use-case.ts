import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@silkcart/shared';
import { OrderRepository } from '../infrastructure/order.repository';
import { OrderTransitions } from './order-transitions';
import type { OrderView } from './ordering.views';

/**
 * Cancels an unpaid or paid order and gives its stock back. A paid order's OrderCancelled
 * event says it was paid (`from: 'paid'`): the payments context refunds it in full.
 */
@Injectable()
export class CancelOrder {
  constructor(
    private readonly transitions: OrderTransitions,
    private readonly orders: OrderRepository,
  ) {}

  async execute(ctx: RequestContext, orderId: string, reason?: string): Promise<OrderView> {
    await this.transitions.apply(ctx, orderId, 'cancelled', { cancelReason: reason });
    return (await this.orders.view(ctx, orderId)) as OrderView;
  }
}
