import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@silkcart/shared';

/** A variant's stock after it moved. */
export interface StockLevel {
  variantId: string;
  productId: string;
  sku: string;
  stock: number;
  lowStockThreshold: number;
}

export interface PurchasableVariant {
  variantId: string;
  sku: string;
  /** The product title, with the variant's own title when it has one. */
  title: string;
  price: number;
}

const LEVEL = `id as "variantId", product_id as "productId", sku, stock,
               low_stock_threshold as "lowStockThreshold"`;

/** Stock moves only by conditional updates: never below zero, never read-then-write. */
@Injectable()
export class StockRepository {
  /** Variants of the context's store whose product is active. */
  async sellable(ctx: RequestContext, variantIds: string[]): Promise<PurchasableVariant[]> {
    return ctx.manager.query(
      `select v.id as "variantId", v.sku, v.price,
              p.title || case when v.title <> '' then ' – ' || v.title else '' end as title
         from variant v join product p on p.id = v.product_id
        where v.store_id = $1 and v.id = any($2::uuid[]) and p.status = 'active'`,
      [ctx.storeId, variantIds],
    );
  }

  /** Takes `quantity` when there is that much; null when there is not (nothing changed). */
  async take(ctx: RequestContext, variantId: string, quantity: number): Promise<StockLevel | null> {
    const rows: StockLevel[] = await ctx.manager.query(
      `with taken as (
         update variant set stock = stock - $2, updated_at = now()
          where id = $1 and store_id = $3 and stock >= $2
         returning ${LEVEL})
       select * from taken`,
      [variantId, quantity, ctx.storeId],
    );
    return rows[0] ?? null;
  }

  /** Gives `quantity` back; null for a variant that no longer exists. */
  async give(ctx: RequestContext, variantId: string, quantity: number): Promise<StockLevel | null> {
    const rows: StockLevel[] = await ctx.manager.query(
      `with given as (
         update variant set stock = stock + $2, updated_at = now() where id = $1 and store_id = $3
         returning ${LEVEL})
       select * from given`,
      [variantId, quantity, ctx.storeId],
    );
    return rows[0] ?? null;
  }
}
