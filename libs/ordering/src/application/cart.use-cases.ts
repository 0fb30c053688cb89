import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@silkcart/shared';
import {
  CartConsumed,
  CartItemNotFound,
  CartNotFound,
  InvalidOrderItems,
} from '../domain/ordering.errors';
import { CartRepository } from '../infrastructure/cart.repository';
import { CartViews } from './cart-view';
import { OrderLines, RequestedLine } from './order-lines';
import type { CartView } from './ordering.views';

const MAX_QUANTITY = 999;

// The cart use cases are small and share their guards; one file keeps them side by side.

@Injectable()
export class CreateCart {
  constructor(
    private readonly carts: CartRepository,
    private readonly lines: OrderLines,
    private readonly views: CartViews,
  ) {}

  async execute(ctx: RequestContext, items: RequestedLine[] = []): Promise<CartView> {
    await this.lines.price(ctx, items, (i) => `items.${i}.variantId`);
    const merged = new Map<string, number>();
    for (const item of items)
      merged.set(item.variantId, (merged.get(item.variantId) ?? 0) + item.quantity);
    const tooMany = [...merged.values()].some((q) => q > MAX_QUANTITY);
    if (tooMany)
      throw new InvalidOrderItems([
        { field: 'items', message: `at most ${MAX_QUANTITY} of one variant` },
      ]);
    const id = await this.carts.create(ctx);
    for (const [variantId, quantity] of merged) await this.carts.add(ctx, id, variantId, quantity);
    return this.views.view(ctx, id);
  }
}

@Injectable()
export class GetCart {
  constructor(private readonly views: CartViews) {}

  execute(ctx: RequestContext, cartId: string): Promise<CartView> {
    return this.views.view(ctx, cartId);
  }
}

/** Locks an open cart: unknown → 404, already an order → 409. */
async function openCart(carts: CartRepository, ctx: RequestContext, cartId: string): Promise<void> {
  const cart = await carts.lock(ctx, cartId);
  if (!cart) throw new CartNotFound();
  if (cart.consumedAt) throw new CartConsumed();
}

@Injectable()
export class AddCartItem {
  constructor(
    private readonly carts: CartRepository,
    private readonly lines: OrderLines,
    private readonly views: CartViews,
  ) {}

  async execute(ctx: RequestContext, cartId: string, item: RequestedLine): Promise<CartView> {
    await openCart(this.carts, ctx, cartId);
    await this.lines.price(ctx, [item], () => 'variantId');
    const existing = (await this.carts.items(ctx, cartId)).find(
      (i) => i.variantId === item.variantId,
    );
    if ((existing?.quantity ?? 0) + item.quantity > MAX_QUANTITY) {
      throw new InvalidOrderItems([
        { field: 'quantity', message: `at most ${MAX_QUANTITY} of one variant in a cart` },
      ]);
    }
    await this.carts.add(ctx, cartId, item.variantId, item.quantity);
    await this.carts.touch(ctx, cartId);
    return this.views.view(ctx, cartId);
  }
}

@Injectable()
export class UpdateCartItem {
  constructor(
    private readonly carts: CartRepository,
    private readonly views: CartViews,
  ) {}

  async execute(
    ctx: RequestContext,
    cartId: string,
    itemId: string,
    quantity: number,
  ): Promise<CartView> {
    await openCart(this.carts, ctx, cartId);
    if (!(await this.carts.setQuantity(ctx, cartId, itemId, quantity)))
      throw new CartItemNotFound();
    await this.carts.touch(ctx, cartId);
    return this.views.view(ctx, cartId);
  }
}

@Injectable()
export class RemoveCartItem {
  constructor(
    private readonly carts: CartRepository,
    private readonly views: CartViews,
  ) {}

  async execute(ctx: RequestContext, cartId: string, itemId: string): Promise<CartView> {
    await openCart(this.carts, ctx, cartId);
    if (!(await this.carts.remove(ctx, cartId, itemId))) throw new CartItemNotFound();
    await this.carts.touch(ctx, cartId);
    return this.views.view(ctx, cartId);
  }
}
