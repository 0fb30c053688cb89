import { Injectable } from '@nestjs/common';
import { hashOpaqueToken, Page, pageOf, RequestContext } from '@silkcart/shared';
import type { OrderStatus } from '../domain/order-status';
import { OrderNotFound } from '../domain/ordering.errors';
import { OrderRepository } from '../infrastructure/order.repository';
import type { OrderView } from './ordering.views';

/** A guest's view of their order: the right token or 404, never a hint that it exists. */
@Injectable()
export class GetOrderForCustomer {
  constructor(private readonly orders: OrderRepository) {}

  async execute(
    ctx: RequestContext,
    orderId: string,
    token: string | undefined,
  ): Promise<OrderView> {
    const order = token
      ? await this.orders.viewWithToken(ctx, orderId, hashOpaqueToken(token))
      : null;
    if (!order) throw new OrderNotFound();
    return order;
  }
}

@Injectable()
export class ListOrders {
  constructor(private readonly orders: OrderRepository) {}

  async execute(
    ctx: RequestContext,
    query: { status?: OrderStatus; q?: string; page: number; limit: number },
  ): Promise<Page<OrderView>> {
    const [items, total] = await this.orders.page(ctx, query);
    return pageOf(items, total, query);
  }
}

@Injectable()
export class GetOrder {
  constructor(private readonly orders: OrderRepository) {}

  async execute(ctx: RequestContext, orderId: string): Promise<OrderView> {
    const order = await this.orders.view(ctx, orderId);
    if (!order) throw new OrderNotFound();
    return order;
  }
}
