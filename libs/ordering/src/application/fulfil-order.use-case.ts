import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@silkcart/shared';
import { OrderRepository } from '../infrastructure/order.repository';
import { OrderTransitions } from './order-transitions';
import type { OrderView } from './ordering.views';

/** paid → fulfilled, with an optional tracking number and carrier. */
@Injectable()
export class FulfilOrder {
  constructor(
    private readonly transitions: OrderTransitions,
    private readonly orders: OrderRepository,
  ) {}

  async execute(
    ctx: RequestContext,
    orderId: string,
    input: { trackingNumber?: string; carrier?: string },
  ): Promise<OrderView> {
    await this.transitions.apply(ctx, orderId, 'fulfilled', input);
    return (await this.orders.view(ctx, orderId)) as OrderView;
  }
}
