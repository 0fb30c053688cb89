import { Injectable } from '@nestjs/common';
import { EventBus, RequestContext } from '@silkcart/shared';
import { StockLow } from '../domain/catalog-events';
import { ProductRepository } from '../infrastructure/product.repository';
import {
  ProductExportRepository,
  VariantExportRow,
} from '../infrastructure/product-export.repository';
import {
  PurchasableVariant,
  StockLevel,
  StockRepository,
} from '../infrastructure/stock.repository';
import { WishlistRepository } from '../infrastructure/wishlist.repository';
import type { ProductView } from './catalog.views';
import { ProductChanges } from './product-changes';

export type { PurchasableVariant };

export interface StockLine {
  variantId: string;
  quantity: number;
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
    private readonly stock: StockRepository,
    private readonly changes: ProductChanges,
    private readonly events: EventBus,
    private readonly productExports: ProductExportRepository,
    private readonly wishlists: WishlistRepository,
  ) {}

  /** Privacy export: a customer's wishlist entries, whatever their product's status. */
  wishlistOf(
    ctx: RequestContext,
    customerId: string,
  ): Promise<Array<{ productId: string; slug: string; title: string; addedAt: string }>> {
    return this.wishlists.allOf(ctx, customerId);
  }

  /** Privacy erasure: removes a customer's wishlist; answers how many entries went. */
  clearWishlist(ctx: RequestContext, customerId: string): Promise<number> {
    return this.wishlists.clear(ctx, customerId);
  }

  /**
   * Exports: a keyset page of the store's variants with their products (any status), those
   * created or changed since `since`; `next` is the cursor of the following page.
   */
  variantsForExport(
    ctx: RequestContext,
    q: { since: string | null; after: string | null; limit: number },
  ): Promise<{ rows: VariantExportRow[]; next: string | null }> {
    return this.productExports.page(ctx, q);
  }

  /** The active product with this slug in the context's store, or null. */
  async activeProduct(
    ctx: RequestContext,
    slug: string,
  ): Promise<{ id: string; slug: string; title: string } | null> {
    return this.products.activeBySlug(ctx, slug);
  }

  /** A product (any status, archived included) as the store side shows it, or null. */
  productView(ctx: RequestContext, productId: string): Promise<ProductView | null> {
    return this.products.view(ctx, productId);
  }

  /** The product of each of these variants (any status), by variant id. */
  async productsOfVariants(
    ctx: RequestContext,
    variantIds: string[],
  ): Promise<Map<string, string>> {
    return this.products.productsOfVariants(ctx, variantIds);
  }

  /** The titles of these products of the context's store (any status), by product id. */
  productTitles(ctx: RequestContext, productIds: string[]): Promise<Map<string, string>> {
    return this.products.titlesOf(ctx, productIds);
  }

  /**
   * A product's rating summary over its published reviews (`average` to one decimal, null
   * without reviews): kept with the product so storefront lists sort on it, shown on the next read.
   */
  async setRating(
    ctx: RequestContext,
    productId: string,
    rating: { average: number | null; count: number },
  ): Promise<void> {
    await this.products.setRating(ctx, productId, rating);
    await this.changes.summaryChanged(ctx, [productId]);
  }

  /** Variants of the context's store whose product is active, by id. */
  async purchasable(
    ctx: RequestContext,
    variantIds: string[],
  ): Promise<Map<string, PurchasableVariant>> {
    if (variantIds.length === 0) return new Map();
    const rows = await this.stock.sellable(ctx, variantIds);
    return new Map(rows.map((r) => [r.variantId, r]));
  }

  /**
   * Takes the quantities from stock; answers the variants that had too little (then nothing
   * should be kept: the caller's transaction rolls back).
   */
  async reserve(ctx: RequestContext, lines: StockLine[]): Promise<string[]> {
    const short: string[] = [];
    const moved: StockLevel[] = [];
    for (const line of sortedById(lines)) {
      const level = await this.stock.take(ctx, line.variantId, line.quantity);
      if (!level) short.push(line.variantId);
      else {
        moved.push(level);
        const before = level.stock + line.quantity;
        if (before > level.lowStockThreshold && level.stock <= level.lowStockThreshold) {
          await this.events.publish(ctx, StockLow, level);
        }
      }
    }
    if (short.length === 0)
      await this.afterStockMoved(
        ctx,
        moved.filter((r) => r.stock === 0).map((r) => r.productId),
      );
    return short;
  }

  /** Gives quantities back to stock (a cancel or an expiry). */
  async release(ctx: RequestContext, lines: StockLine[]): Promise<void> {
    const crossed: string[] = [];
    for (const line of sortedById(lines)) {
      const level = await this.stock.give(ctx, line.variantId, line.quantity);
      if (level && level.stock === line.quantity) crossed.push(level.productId);
    }
    await this.afterStockMoved(ctx, crossed);
  }

  /** A product's in-stock flag only changes when a variant reaches or leaves zero. */
  private async afterStockMoved(ctx: RequestContext, crossedZero: string[]): Promise<void> {
    const products = [...new Set(crossedZero)];
    for (const productId of products) await this.products.refreshSummary(ctx, productId);
    await this.changes.summaryChanged(ctx, products);
  }
}

function sortedById(lines: StockLine[]): StockLine[] {
  const merged = new Map<string, number>();
  for (const l of lines) merged.set(l.variantId, (merged.get(l.variantId) ?? 0) + l.quantity);
  return [...merged.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([variantId, quantity]) => ({ variantId, quantity }));
}
