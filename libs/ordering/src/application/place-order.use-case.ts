import { Injectable } from '@nestjs/common';
import { CatalogFacade } from '@silkcart/catalog';
import { hashOpaqueToken, Metrics, newOpaqueToken, Outbox, RequestContext } from '@silkcart/shared';
import { TenancyFacade } from '@silkcart/tenancy';
import { randomUUID } from 'node:crypto';
import { ORDER_CREATED } from '../domain/order-status';
import {
  CartConsumed,
  CartNotFound,
  InsufficientStock,
  InvalidOrderItems,
} from '../domain/ordering.errors';
import { computeTotals } from '../domain/totals';
import { CartRepository } from '../infrastructure/cart.repository';
import { OrderRepository, OrderView, ShippingAddress } from '../infrastructure/order.repository';
import { OrderLines, RequestedLine } from './order-lines';

export interface PlaceOrderInput {
  cartId?: string;
  items?: RequestedLine[];
  email: string;
  shippingAddress: ShippingAddress;
}

/**
 * A guest order from a cart or from items. In one transaction: prices and totals from the
 * store, stock reserved by conditional updates (every short variant named in the 409), the
 * next order number, the order with copies of titles, SKUs, prices and address, the cart
 * consumed, and OrderCreated in the outbox. The order token is answered once, stored hashed.
 */
@Injectable()
export class PlaceOrder {
  constructor(
    private readonly lines: OrderLines,
    private readonly carts: CartRepository,
    private readonly orders: OrderRepository,
    private readonly catalog: CatalogFacade,
    private readonly tenancy: TenancyFacade,
    private readonly outbox: Outbox,
    private readonly metrics: Metrics,
  ) {}

  async execute(
    ctx: RequestContext,
    input: PlaceOrderInput,
  ): Promise<OrderView & { orderToken: string }> {
    if (input.cartId && input.items) {
      throw new InvalidOrderItems([{ field: 'cartId', message: 'send cartId or items, not both' }]);
    }
    let requested: RequestedLine[];
    let field: (i: number) => string;
    if (input.cartId) {
      const cart = await this.carts.lock(ctx, input.cartId);
      if (!cart) throw new CartNotFound();
      if (cart.consumedAt) throw new CartConsumed();
      requested = await this.carts.items(ctx, input.cartId);
      field = (i) => `cart.items.${i}.variantId`;
    } else {
      requested = input.items ?? [];
      field = (i) => `items.${i}.variantId`;
    }
    if (requested.length === 0) {
      throw new InvalidOrderItems([
        { field: input.cartId ? 'cartId' : 'items', message: 'an order needs at least one item' },
      ]);
    }
    const items = await this.lines.price(ctx, requested, field);
    const settings = await this.tenancy.settingsOf(ctx);
    const totals = computeTotals(items, settings, input.shippingAddress);

    const short = await this.catalog.reserve(ctx, items);
    if (short.length > 0) {
      throw new InsufficientStock(short, (id) => field(items.findIndex((i) => i.variantId === id)));
    }
    // Everything that needs no lock first; the store's order counter last (see OrderRepository).
    const id = randomUUID();
    const token = newOpaqueToken();
    await this.outbox.enqueue(ctx, ORDER_CREATED, { orderId: id });
    if (input.cartId) await this.carts.consume(ctx, input.cartId);
    const { number, createdAt } = await this.orders.insert(ctx, {
      id,
      email: input.email,
      shippingAddress: input.shippingAddress,
      totals,
      currency: settings.currency,
      tokenHash: hashOpaqueToken(token),
      cartId: input.cartId ?? null,
      holdMinutes: settings.orderHoldMinutes,
      items,
    });
    const storeId = ctx.storeId as string;
    ctx.afterCommit(() => this.metrics.orders.inc({ store: storeId }));
    const view: OrderView = {
      id,
      number,
      status: 'pending_payment',
      email: input.email,
      items: items.map(({ variantId, sku, title, unitPrice, quantity, lineTotal }) => ({
        variantId,
        sku,
        title,
        unitPrice,
        quantity,
        lineTotal,
      })),
      ...totals,
      currency: settings.currency,
      shippingAddress: input.shippingAddress,
      payments: [],
      createdAt,
      paidAt: null,
      fulfilledAt: null,
      cancelledAt: null,
    };
    return { ...view, orderToken: token };
  }
}
