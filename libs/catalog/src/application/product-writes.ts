import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@silkcart/shared';
import { InvalidCatalogInput, SlugTaken } from '../domain/catalog.errors';
import { firstFreeSlug, slugify } from '../domain/slug';
import { CategoryRepository } from '../infrastructure/category.repository';
import { ProductRepository, VariantInput } from '../infrastructure/product.repository';

/** The steps product use cases share: slugs, category checks, variants with unique SKUs. */
@Injectable()
export class ProductWrites {
  constructor(
    private readonly products: ProductRepository,
    private readonly categories: CategoryRepository,
  ) {}

  async slugFor(
    ctx: RequestContext,
    title: string,
    given?: string,
    current?: string,
  ): Promise<string> {
    if (given !== undefined) {
      if (given !== current && (await this.products.slugsLike(ctx, given)).includes(given))
        throw new SlugTaken();
      return given;
    }
    if (current) return current;
    const base = slugify(title) || 'product';
    return firstFreeSlug(base, await this.products.slugsLike(ctx, base));
  }

  async assertCategories(ctx: RequestContext, ids: string[]): Promise<void> {
    const found = await this.categories.existing(ctx, ids);
    const errors = ids
      .map((id, i) => ({ id, i }))
      .filter(({ id }) => !found.has(id))
      .map(({ i }) => ({ field: `categoryIds.${i}`, message: 'not a category of this store' }));
    if (errors.length) throw new InvalidCatalogInput('Unknown categories', errors);
  }

  /** Inserts a variant; a SKU used elsewhere in the store is a 409 naming `field`. */
  async addVariant(ctx: RequestContext, productId: string, variant: VariantInput, field = 'sku') {
    return this.savepoint(ctx, field, () => this.products.insertVariant(ctx, productId, variant));
  }

  /** Runs a write that may hit the SKU's unique index, without losing the transaction. */
  savepoint<T>(ctx: RequestContext, field: string, write: () => Promise<T>): Promise<T> {
    return this.products.skuWrite(ctx, field, write);
  }
}
