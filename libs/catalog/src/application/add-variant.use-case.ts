import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@silkcart/shared';
import { ProductNotFound } from '../domain/catalog.errors';
import type { VariantView } from '../domain/product';
import { CatalogVersions } from '../infrastructure/catalog-versions';
import { ProductRepository, VariantInput } from '../infrastructure/product.repository';
import { ProductWrites } from './product-writes';

@Injectable()
export class AddVariant {
  constructor(
    private readonly products: ProductRepository,
    private readonly writes: ProductWrites,
    private readonly versions: CatalogVersions,
  ) {}

  async execute(ctx: RequestContext, productId: string, input: VariantInput): Promise<VariantView> {
    if (!(await this.products.lock(ctx, productId))) throw new ProductNotFound();
    const variant = await this.writes.addVariant(ctx, productId, input);
    await this.products.refreshSummary(ctx, productId);
    await this.versions.bump(ctx);
    return variant;
  }
}
