import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@silkcart/shared';
import { ProductNotFound } from '../domain/catalog.errors';
import { ProductRepository } from '../infrastructure/product.repository';
import type { ProductView } from './catalog.views';

@Injectable()
export class GetProduct {
  constructor(private readonly products: ProductRepository) {}

  async execute(ctx: RequestContext, id: string): Promise<ProductView> {
    const product = await this.products.view(ctx, id);
    if (!product) throw new ProductNotFound();
    return product;
  }
}
