import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@silkcart/shared';

export interface CartRow {
  id: string;
  consumedAt: Date | null;
  promotionCode: string | null;
  customerId: string | null;
}

export interface CartItemRow {
  id: string;
  variantId: string;
  quantity: number;
}

@Injectable()
export class CartRepository {
  async create(ctx: RequestContext): Promise<string> {
    const rows: Array<{ id: string }> = await ctx.manager.query(
      `insert into cart (store_id, customer_id) values ($1, $2) returning id`,
      [ctx.storeId, ctx.customerId],
    );
    return rows[0].id;
  }

  /** Locks the cart row, so changes to one cart (and its checkout) happen one at a time. */
  async lock(ctx: RequestContext, id: string): Promise<CartRow | null> {
    const rows: CartRow[] = await ctx.manager.query(
      `select id, consumed_at as "consumedAt", promotion_code as "promotionCode",
              customer_id as "customerId" from cart where id = $1 and store_id = $2 for update`,
      [id, ctx.storeId],
    );
    return rows[0] ?? null;
  }

  async find(ctx: RequestContext, id: string): Promise<CartRow | null> {
    const rows: CartRow[] = await ctx.manager.query(
      `select id, consumed_at as "consumedAt", promotion_code as "promotionCode",
              customer_id as "customerId" from cart where id = $1 and store_id = $2`,
      [id, ctx.storeId],
    );
    return rows[0] ?? null;
  }

  items(ctx: RequestContext, cartId: string): Promise<CartItemRow[]> {
    return ctx.manager.query(
      `select id, variant_id as "variantId", quantity from cart_item where cart_id = $1 order by created_at, id`,
      [cartId],
    );
  }

  /** Adds to the line of the same variant, or starts one; answers the new quantity. */
  async add(
    ctx: RequestContext,
    cartId: string,
    variantId: string,
    quantity: number,
  ): Promise<number> {
    const rows: Array<{ quantity: number }> = await ctx.manager.query(
      `insert into cart_item (store_id, cart_id, variant_id, quantity) values ($1, $2, $3, $4)
       on conflict (cart_id, variant_id) do update set quantity = cart_item.quantity + excluded.quantity
       returning quantity`,
      [ctx.storeId, cartId, variantId, quantity],
    );
    return rows[0].quantity;
  }

  async setQuantity(
    ctx: RequestContext,
    cartId: string,
    itemId: string,
    quantity: number,
  ): Promise<boolean> {
    const rows: unknown[] = await ctx.manager.query(
      `with changed as (update cart_item set quantity = $3 where id = $2 and cart_id = $1 returning id) select * from changed`,
      [cartId, itemId, quantity],
    );
    return rows.length > 0;
  }

  async remove(ctx: RequestContext, cartId: string, itemId: string): Promise<boolean> {
    const rows: unknown[] = await ctx.manager.query(
      `with gone as (delete from cart_item where id = $2 and cart_id = $1 returning id) select * from gone`,
      [cartId, itemId],
    );
    return rows.length > 0;
  }

  async touch(ctx: RequestContext, cartId: string): Promise<void> {
    await ctx.manager.query(`update cart set updated_at = now() where id = $1`, [cartId]);
  }

  async consume(ctx: RequestContext, cartId: string): Promise<void> {
    await ctx.manager.query(
      `update cart set consumed_at = now(), updated_at = now() where id = $1`,
      [cartId],
    );
  }

  /** Carts nobody touched for `days` days, across stores (a system job). */
  async pruneIdle(ctx: RequestContext, days: number): Promise<number> {
    const rows: unknown[] = await ctx.manager.query(
      `with gone as (delete from cart where updated_at < now() - make_interval(days => $1) returning id) select * from gone`,
      [days],
    );
    return rows.length;
  }

  async setPromotion(ctx: RequestContext, cartId: string, code: string | null): Promise<void> {
    await ctx.manager.query(
      `update cart set promotion_code = $2, updated_at = now() where id = $1`,
      [cartId, code],
    );
  }
}
