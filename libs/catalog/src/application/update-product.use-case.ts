import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@silkcart/shared';
import { TenancyFacade } from '@silkcart/tenancy';
import { ProductNotFound } from '../domain/catalog.errors';
import type { ProductStatus } from '../domain/product';
import { ProductRepository } from '../infrastructure/product.repository';
import type { ProductView } from './catalog.views';
import { ProductWrites } from './product-writes';
import { ProductChanges } from './product-changes';

@Injectable()
export class UpdateProduct {
  constructor(
    private readonly products: ProductRepository,
    private readonly writes: ProductWrites,
    private readonly changes: ProductChanges,
    private readonly tenancy: TenancyFacade,
  ) {}

  async execute(
    ctx: RequestContext,
    id: string,
    change: {
      title?: string;
      slug?: string;
      description?: string;
      status?: ProductStatus;
      categoryIds?: string[];
    },
  ): Promise<ProductView> {
    const current = await this.products.lock(ctx, id);
    if (!current) throw new ProductNotFound();
    // Archived products do not count against the plan: leaving or re-entering the count.
    const status = change.status ?? current.status;
    if (current.status === 'archived' && status !== 'archived') {
      await this.tenancy.consume(ctx, 'products');
    } else if (current.status !== 'archived' && status === 'archived') {
      await this.tenancy.release(ctx, 'products');
    }
    await this.products.update(ctx, id, {
      slug: await this.writes.slugFor(
        ctx,
        change.title ?? current.title,
        change.slug,
        current.slug,
      ),
      title: change.title?.trim() ?? current.title,
      description: change.description ?? current.description,
      status,
    });
    if (change.categoryIds !== undefined) {
      const categoryIds = [...new Set(change.categoryIds)];
      await this.writes.assertCategories(ctx, categoryIds);
      await this.products.setCategories(ctx, id, categoryIds);
    }
    await this.changes.record(ctx, id, 'updated');
    return (await this.products.view(ctx, id)) as ProductView;
  }
}
