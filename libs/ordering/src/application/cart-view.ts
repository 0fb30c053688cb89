import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@silkcart/shared';
import { TenancyFacade } from '@silkcart/tenancy';
import { CartNotFound } from '../domain/ordering.errors';
import { discountFor, whyNotApplicable } from '../domain/promotion';
import { CartRepository } from '../infrastructure/cart.repository';
import { PromotionRepository } from '../infrastructure/promotion.repository';
import { OrderLines } from './order-lines';
import type { CartView } from './ordering.views';

/** A cart with the current prices of its lines and what its code takes off them now. */
@Injectable()
export class CartViews {
  constructor(
    private readonly carts: CartRepository,
    private readonly lines: OrderLines,
    private readonly tenancy: TenancyFacade,
    private readonly promotions: PromotionRepository,
  ) {}

  async view(ctx: RequestContext, cartId: string): Promise<CartView> {
    const cart = await this.carts.find(ctx, cartId);
    if (!cart) throw new CartNotFound();
    const items = await this.lines.priceAvailable(ctx, await this.carts.items(ctx, cartId));
    const { currency } = await this.tenancy.settingsOf(ctx);
    const subtotal = items.reduce((sum, i) => sum + i.lineTotal, 0);
    const promotion = cart.promotionCode
      ? await this.promotions.byCode(ctx, cart.promotionCode)
      : null;
    const applies = promotion && !whyNotApplicable(promotion, { subtotal, now: new Date() });
    return {
      id: cart.id,
      items,
      subtotal,
      promotionCode: cart.promotionCode,
      discountTotal: applies ? discountFor(promotion, subtotal) : 0,
      currency,
    };
  }
}
