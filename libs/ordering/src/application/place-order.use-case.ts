import { Injectable } from '@nestjs/common';
import { CatalogFacade } from '@silkcart/catalog';
import {
  EventBus,
  hashOpaqueToken,
  Metrics,
  newOpaqueToken,
  RequestContext,
} from '@silkcart/shared';
import { TenancyFacade } from '@silkcart/tenancy';
import { randomUUID } from 'node:crypto';
import { OrderPlaced } from '../domain/order-events';
import {
  CartConsumed,
  CartNotFound,
  InsufficientStock,
  InvalidOrderItems,
  PromotionNotApplicable,
} from '../domain/ordering.errors';
import { PROMOTION_REFUSALS } from '../domain/promotion';
import { computeTotals } from '../domain/totals';
import { CartRepository } from '../infrastructure/cart.repository';
import { OrderRepository } from '../infrastructure/order.repository';
import { PromotionRepository } from '../infrastructure/promotion.repository';
import type { AddressDto, OrderView, PlacedOrderView } from './ordering.views';
import { OrderLines, RequestedLine } from './order-lines';
import { PromotionCodes } from './promotion.use-cases';

export interface PlaceOrderInput {
  cartId?: string;
  items?: RequestedLine[];
  email: string;
  shippingAddress: AddressDto;
  /** A discount code; without one, the cart's code applies. */
  promotionCode?: string;
}

/**
 * A guest order from a cart or from items. In one transaction: prices and totals from the
 * store, stock reserved by conditional updates (every short variant named in the 409), the
 * next order number, the order with copies of titles, SKUs, prices and address, the cart
 * consumed, the promotion's use counted (never past its limit, once per email where it says so:
 * 409 naming the code otherwise), and OrderPlaced published. The order token is answered
 * once, stored hashed.
 */
@Injectable()
export class PlaceOrder {
  constructor(
    private readonly lines: OrderLines,
    private readonly carts: CartRepository,
    private readonly orders: OrderRepository,
    private readonly catalog: CatalogFacade,
    private readonly tenancy: TenancyFacade,
    private readonly events: EventBus,
    private readonly metrics: Metrics,
    private readonly codes: PromotionCodes,
    private readonly promotions: PromotionRepository,
  ) {}

  async execute(ctx: RequestContext, input: PlaceOrderInput): Promise<PlacedOrderView> {
    if (input.cartId && input.items) {
      throw new InvalidOrderItems([{ field: 'cartId', message: 'send cartId or items, not both' }]);
    }
    let requested: RequestedLine[];
    let field: (i: number) => string;
    let code = input.promotionCode ?? null;
    // The signed-in customer's order (or the order of a cart a customer made).
    let customerId: string | null = ctx.customerId;
    if (input.cartId) {
      const cart = await this.carts.lock(ctx, input.cartId);
      if (!cart) throw new CartNotFound();
      if (cart.consumedAt) throw new CartConsumed();
      code ??= cart.promotionCode;
      customerId ??= cart.customerId;
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
    const subtotal = items.reduce((sum, i) => sum + i.lineTotal, 0);
    const promotion = code ? await this.codes.applicable(ctx, code, subtotal, true) : null;
    const totals = computeTotals(items, settings, input.shippingAddress, promotion);

    const short = await this.catalog.reserve(ctx, items);
    if (short.length > 0) {
      throw new InsufficientStock(short, (id) => field(items.findIndex((i) => i.variantId === id)));
    }
    // Everything that needs no lock first; the store's order counter last (see OrderRepository).
    const id = randomUUID();
    const token = newOpaqueToken();
    await this.events.publish(ctx, OrderPlaced, {
      orderId: id,
      email: input.email,
      total: totals.total,
      currency: settings.currency,
    });
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
      promotionCode: promotion?.code ?? null,
      customerId,
    });
    // The plan's monthly count, after the order counter (the lock order every order takes).
    await this.tenancy.consume(ctx, 'ordersPerMonth');
    // Last, so the promotion's row lock is held for the shortest time.
    if (promotion) {
      const used = await this.promotions.redeem(ctx, promotion, id, input.email);
      if (used !== 'ok') {
        const why = used === 'used-up' ? PROMOTION_REFUSALS.usedUp : PROMOTION_REFUSALS.usedByEmail;
        throw new PromotionNotApplicable(promotion.code, why, true);
      }
    }
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
      promotionCode: promotion?.code ?? null,
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
