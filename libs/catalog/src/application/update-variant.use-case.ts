import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@silkcart/shared';
import { ProductNotFound, VariantNotFound } from '../domain/catalog.errors';
import { ProductRepository } from '../infrastructure/product.repository';
import type { VariantView } from './catalog.views';
import { ProductWrites } from './product-writes';
import { ProductChanges } from './product-changes';

@Injectable()
export class UpdateVariant {
  constructor(
    private readonly products: ProductRepository,
    private readonly writes: ProductWrites,
    private readonly changes: ProductChanges,
  ) {}

  async execute(
    ctx: RequestContext,
    productId: string,
    variantId: string,
    change: Partial<Omit<VariantView, 'id'>>,
  ): Promise<VariantView> {
    if (!(await this.products.lock(ctx, productId))) throw new ProductNotFound();
    const current = await this.products.findVariant(ctx, productId, variantId);
    if (!current) throw new VariantNotFound();
    const next: VariantView = {
      ...current,
      ...Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)),
    };
    await this.writes.savepoint(ctx, 'sku', () => this.products.updateVariant(ctx, next));
    await this.products.refreshSummary(ctx, productId);
    await this.changes.record(ctx, productId, 'updated');
    return next;
  }
}
