import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@silkcart/shared';
import { TenancyFacade } from '@silkcart/tenancy';
import type { ProductStatus } from '../domain/product';
import { ProductRepository, VariantInput } from '../infrastructure/product.repository';
import type { ProductView } from './catalog.views';
import { ProductWrites } from './product-writes';
import { ProductChanges } from './product-changes';

@Injectable()
export class CreateProduct {
  constructor(
    private readonly products: ProductRepository,
    private readonly writes: ProductWrites,
    private readonly changes: ProductChanges,
    private readonly tenancy: TenancyFacade,
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
    if (input.status !== 'archived') await this.tenancy.consume(ctx, 'products');
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
    await this.changes.record(ctx, id, 'created');
    return (await this.products.view(ctx, id)) as ProductView;
  }
}
