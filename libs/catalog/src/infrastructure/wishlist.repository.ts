import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@silkcart/shared';

export interface WishlistItemRow {
  productId: string;
  slug: string;
  title: string;
  priceMin: number | null;
  inStock: boolean;
  addedAt: string;
}

/** Customers' wishlists: products of the store, listed while they are active. */
@Injectable()
export class WishlistRepository {
  async items(ctx: RequestContext, customerId: string): Promise<WishlistItemRow[]> {
    return ctx.manager.query(
      `select p.id as "productId", p.slug, p.title, p.price_min as "priceMin", p.in_stock as "inStock",
              to_char(w.added_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "addedAt"
         from wishlist_item w join product p on p.id = w.product_id
        where w.customer_id = $1 and w.store_id = $2 and p.status = 'active'
        order by w.added_at desc, p.id`,
      [customerId, ctx.storeId],
    );
  }

  /** Privacy export: every entry of the customer, whatever its product's status. */
  async allOf(
    ctx: RequestContext,
    customerId: string,
  ): Promise<Array<{ productId: string; slug: string; title: string; addedAt: string }>> {
    return ctx.manager.query(
      `select p.id as "productId", p.slug, p.title,
              to_char(w.added_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "addedAt"
         from wishlist_item w join product p on p.id = w.product_id
        where w.customer_id = $1 and w.store_id = $2
        order by w.added_at desc, p.id`,
      [customerId, ctx.storeId],
    );
  }

  /** Privacy erasure: the customer's whole wishlist; answers how many entries went. */
  async clear(ctx: RequestContext, customerId: string): Promise<number> {
    const rows: unknown[] = await ctx.manager.query(
      `with gone as (delete from wishlist_item where customer_id = $1 and store_id = $2 returning 1)
       select * from gone`,
      [customerId, ctx.storeId],
    );
    return rows.length;
  }

  /** False when the product is not active in this store; adding twice keeps one entry. */
  async add(ctx: RequestContext, customerId: string, productId: string): Promise<boolean> {
    const rows: unknown[] = await ctx.manager.query(
      `with product as (select id from product where id = $2 and store_id = $3 and status = 'active'),
            added as (insert into wishlist_item (customer_id, product_id, store_id)
                      select $1, id, $3 from product on conflict do nothing)
       select id from product`,
      [customerId, productId, ctx.storeId],
    );
    return rows.length > 0;
  }

  /** False when the product is not active in this store; removing twice is fine. */
  async remove(ctx: RequestContext, customerId: string, productId: string): Promise<boolean> {
    const rows: unknown[] = await ctx.manager.query(
      `with product as (select id from product where id = $2 and store_id = $3 and status = 'active'),
            removed as (delete from wishlist_item where customer_id = $1 and product_id = $2)
       select id from product`,
      [customerId, productId, ctx.storeId],
    );
    return rows.length > 0;
  }
}
