import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@silkcart/shared';
import { TenancyFacade } from '@silkcart/tenancy';
import { CartNotFound } from '../domain/ordering.errors';
import { CartRepository } from '../infrastructure/cart.repository';
import { OrderLines } from './order-lines';
import type { CartView } from './ordering.views';

/** A cart with the current prices of its lines. */
@Injectable()
export class CartViews {
  constructor(
    private readonly carts: CartRepository,
    private readonly lines: OrderLines,
    private readonly tenancy: TenancyFacade,
  ) {}

  async view(ctx: RequestContext, cartId: string): Promise<CartView> {
    const cart = await this.carts.find(ctx, cartId);
    if (!cart) throw new CartNotFound();
    const items = await this.lines.priceAvailable(ctx, await this.carts.items(ctx, cartId));
    const { currency } = await this.tenancy.settingsOf(ctx);
    return {
      id: cart.id,
      items,
      subtotal: items.reduce((sum, i) => sum + i.lineTotal, 0),
      currency,
    };
  }
}
