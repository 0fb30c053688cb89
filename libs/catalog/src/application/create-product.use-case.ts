import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@silkcart/shared';
import type { ProductStatus, ProductView } from '../domain/product';
import { CatalogVersions } from '../infrastructure/catalog-versions';
import { ProductRepository, VariantInput } from '../infrastructure/product.repository';
import { ProductWrites } from './product-writes';

@Injectable()
export class CreateProduct {
  constructor(
    private readonly products: ProductRepository,
    private readonly writes: ProductWrites,
    private readonly versions: CatalogVersions,
  ) {}

  async execute(
    ctx: RequestContext,
    input: {
      title: string;
      slug?: string;
      description?: string;
      status: ProductStatus;
      categoryIds?: string[];
      variants?: VariantInput[];
    },
  ): Promise<ProductView> {
    const categoryIds = [...new Set(input.categoryIds ?? [])];
    await this.writes.assertCategories(ctx, categoryIds);
    const id = await this.products.insert(ctx, {
      slug: await this.writes.slugFor(ctx, input.title, input.slug),
      title: input.title.trim(),
      description: input.description ?? '',
      status: input.status,
    });
    await this.products.setCategories(ctx, id, categoryIds);
    for (const [i, variant] of (input.variants ?? []).entries()) {
      await this.writes.addVariant(ctx, id, variant, `variants.${i}.sku`);
    }
    await this.products.refreshSummary(ctx, id);
    await this.versions.bump(ctx);
    return (await this.products.view(ctx, id)) as ProductView;
  }
}
