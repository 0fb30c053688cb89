import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@silkcart/shared';
import { TenancyFacade } from '@silkcart/tenancy';
import { ProductNotFound } from '../domain/catalog.errors';
import { ProductRepository } from '../infrastructure/product.repository';
import { ProductChanges } from './product-changes';

/** DELETE is a soft delete: the product is archived and leaves the storefront, history keeps it. */
@Injectable()
export class ArchiveProduct {
  constructor(
    private readonly products: ProductRepository,
    private readonly changes: ProductChanges,
    private readonly tenancy: TenancyFacade,
  ) {}

  async execute(ctx: RequestContext, id: string): Promise<void> {
    const current = await this.products.lock(ctx, id);
    if (!current) throw new ProductNotFound();
    if (current.status !== 'archived') await this.tenancy.release(ctx, 'products');
    await this.products.update(ctx, id, { ...current, status: 'archived' });
    await this.changes.record(ctx, id, 'deleted');
  }
}
