import { Injectable } from '@nestjs/common';
import { IdentityFacade } from '@silkcart/identity';
import { hashOpaqueToken, Page, pageOf, RequestContext } from '@silkcart/shared';
import type { OrderStatus } from '../domain/order-status';
import { OrderNotFound } from '../domain/ordering.errors';
import { OrderRepository } from '../infrastructure/order.repository';
import type { CustomerListItem, OrderView } from './ordering.views';

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

/** The signed-in customer's orders in this store, newest first. */
@Injectable()
export class ListMyOrders {
  constructor(private readonly orders: OrderRepository) {}

  async execute(
    ctx: RequestContext,
    query: { page: number; limit: number },
  ): Promise<Page<OrderView>> {
    const [items, total] = await this.orders.page(ctx, {
      ...query,
      customerId: ctx.customerId as string,
    });
    return pageOf(items, total, query);
  }
}

/** The store's customers with how many orders each has. */
@Injectable()
export class ListCustomers {
  constructor(
    private readonly identity: IdentityFacade,
    private readonly orders: OrderRepository,
  ) {}

  async execute(
    ctx: RequestContext,
    query: { q?: string; page: number; limit: number },
  ): Promise<Page<CustomerListItem>> {
    const { items, total } = await this.identity.customerPage(ctx, query);
    const counts = await this.orders.countsByCustomer(
      ctx,
      items.map((c) => c.id),
    );
    return pageOf(
      items.map((c) => ({
        id: c.id,
        email: c.email,
        name: c.name,
        ordersCount: counts.get(c.id) ?? 0,
        createdAt: c.createdAt,
      })),
      total,
      query,
    );
  }
}
