import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@silkcart/shared';
import { ProductNotFound } from '../domain/catalog.errors';
import { ProductRepository, VariantInput } from '../infrastructure/product.repository';
import type { VariantView } from './catalog.views';
import { ProductWrites } from './product-writes';
import { ProductChanges } from './product-changes';

@Injectable()
export class AddVariant {
  constructor(
    private readonly products: ProductRepository,
    private readonly writes: ProductWrites,
    private readonly changes: ProductChanges,
  ) {}

  async execute(ctx: RequestContext, productId: string, input: VariantInput): Promise<VariantView> {
    if (!(await this.products.lock(ctx, productId))) throw new ProductNotFound();
    const variant = await this.writes.addVariant(ctx, productId, input);
    await this.products.refreshSummary(ctx, productId);
    await this.changes.record(ctx, productId, 'updated');
    return variant;
  }
}
