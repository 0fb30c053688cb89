import { Injectable } from '@nestjs/common';
import { Page, pageOf, RequestContext } from '@silkcart/shared';
import type { Ordering, ProductStatus } from '../domain/product';
import { ProductRepository } from '../infrastructure/product.repository';
import type { ProductView } from './catalog.views';

@Injectable()
export class ListProducts {
  constructor(private readonly products: ProductRepository) {}

  async execute(
    ctx: RequestContext,
    query: {
      q?: string;
      categoryId?: string;
      status?: ProductStatus;
      ordering?: Ordering;
      page: number;
      limit: number;
    },
  ): Promise<Page<ProductView>> {
    const [items, total] = await this.products.page(ctx, {
      ...query,
      ordering: query.ordering ?? '-created',
    });
    return pageOf(items, total, query);
  }
}
