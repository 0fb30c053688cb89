import { Injectable } from '@nestjs/common';
import { Outbox, RequestContext } from '@silkcart/shared';
import { CatalogVersions } from '../infrastructure/catalog-versions';
import { ProductRepository } from '../infrastructure/product.repository';

export const LOW_STOCK_EVENT = 'catalog.low-stock';

export interface PurchasableVariant {
  variantId: string;
  sku: string;
  /** The product title, with the variant's own title when it has one. */
  title: string;
  price: number;
}

export interface StockLine {
  variantId: string;
  quantity: number;
}

interface StockRow {
  id: string;
  product_id: string;
  stock: number;
  low_stock_threshold: number;
  sku: string;
}

/**
 * What ordering may ask of the catalog: current prices of variants that can be sold, and
 * stock reserved or given back. Stock only moves through conditional updates, one variant at
 * a time in id order (so two checkouts cannot deadlock), and never below zero.
 */
@Injectable()
export class CatalogFacade {
  constructor(
    private readonly products: ProductRepository,
    private readonly versions: CatalogVersions,
    private readonly outbox: Outbox,
  ) {}

  /** Variants of the context's store whose product is active, by id. */
  async purchasable(
    ctx: RequestContext,
    variantIds: string[],
  ): Promise<Map<string, PurchasableVariant>> {
    if (variantIds.length === 0) return new Map();
    const rows: Array<PurchasableVariant> = await ctx.manager.query(
      `select v.id as "variantId", v.sku, v.price,
              p.title || case when v.title <> '' then ' – ' || v.title else '' end as title
         from variant v join product p on p.id = v.product_id
        where v.store_id = $1 and v.id = any($2::uuid[]) and p.status = 'active'`,
      [ctx.storeId, variantIds],
    );
    return new Map(rows.map((r) => [r.variantId, r]));
  }

  /**
   * Takes the quantities from stock; answers the variants that had too little (then nothing
   * should be kept: the caller's transaction rolls back).
   */
  async reserve(ctx: RequestContext, lines: StockLine[]): Promise<string[]> {
    const short: string[] = [];
    const moved: StockRow[] = [];
    for (const line of sortedById(lines)) {
      const rows: StockRow[] = await ctx.manager.query(
        `with taken as (
           update variant set stock = stock - $2, updated_at = now()
            where id = $1 and store_id = $3 and stock >= $2
           returning id, product_id, stock, low_stock_threshold, sku)
         select * from taken`,
        [line.variantId, line.quantity, ctx.storeId],
      );
      if (rows.length === 0) short.push(line.variantId);
      else {
        moved.push(rows[0]);
        const before = rows[0].stock + line.quantity;
        if (before > rows[0].low_stock_threshold && rows[0].stock <= rows[0].low_stock_threshold) {
          await this.outbox.enqueue(ctx, LOW_STOCK_EVENT, {
            variantId: rows[0].id,
            sku: rows[0].sku,
            stock: rows[0].stock,
            threshold: rows[0].low_stock_threshold,
          });
        }
      }
    }
    if (short.length === 0)
      await this.afterStockMoved(
        ctx,
        moved.filter((r) => r.stock === 0).map((r) => r.product_id),
      );
    return short;
  }

  /** Gives quantities back to stock (a cancel or an expiry). */
  async release(ctx: RequestContext, lines: StockLine[]): Promise<void> {
    const crossed: string[] = [];
    for (const line of sortedById(lines)) {
      const rows: StockRow[] = await ctx.manager.query(
        `with given as (
           update variant set stock = stock + $2, updated_at = now() where id = $1 and store_id = $3
           returning id, product_id, stock, low_stock_threshold, sku)
         select * from given`,
        [line.variantId, line.quantity, ctx.storeId],
      );
      if (rows[0] && rows[0].stock === line.quantity) crossed.push(rows[0].product_id);
    }
    await this.afterStockMoved(ctx, crossed);
  }

  /** A product's in-stock flag only changes when a variant reaches or leaves zero. */
  private async afterStockMoved(ctx: RequestContext, crossedZero: string[]): Promise<void> {
    const products = [...new Set(crossedZero)];
    for (const productId of products) await this.products.refreshSummary(ctx, productId);
    if (products.length > 0) await this.versions.bump(ctx);
  }
}

function sortedById(lines: StockLine[]): StockLine[] {
  const merged = new Map<string, number>();
  for (const l of lines) merged.set(l.variantId, (merged.get(l.variantId) ?? 0) + l.quantity);
  return [...merged.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([variantId, quantity]) => ({ variantId, quantity }));
}
