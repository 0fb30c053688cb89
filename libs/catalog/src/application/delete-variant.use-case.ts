import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@silkcart/shared';
import { ProductNotFound, VariantNotFound } from '../domain/catalog.errors';
import { ProductRepository } from '../infrastructure/product.repository';
import { ProductChanges } from './product-changes';

/** Removes a variant; orders keep their own copy of its sku, title and price. */
@Injectable()
export class DeleteVariant {
  constructor(
    private readonly products: ProductRepository,
    private readonly changes: ProductChanges,
  ) {}

  async execute(ctx: RequestContext, productId: string, variantId: string): Promise<void> {
    if (!(await this.products.lock(ctx, productId))) throw new ProductNotFound();
    if (!(await this.products.findVariant(ctx, productId, variantId))) throw new VariantNotFound();
    await this.products.deleteVariant(ctx, variantId);
    await this.products.refreshSummary(ctx, productId);
    await this.changes.record(ctx, productId, 'updated');
  }
}
