import { Injectable } from '@nestjs/common';
import { RequestContext } from '@silkcart/shared';
import { ProductNotFound } from '../domain/catalog.errors';
import { WishlistRepository } from '../infrastructure/wishlist.repository';
import type { WishlistView } from './catalog.views';

/** The signed-in customer's wishlist: active products of the store only. */
@Injectable()
export class Wishlist {
  constructor(private readonly wishlist: WishlistRepository) {}

  async list(ctx: RequestContext): Promise<WishlistView> {
    return { items: await this.wishlist.items(ctx, ctx.customerId as string) };
  }

  async add(ctx: RequestContext, productId: string): Promise<void> {
    if (!(await this.wishlist.add(ctx, ctx.customerId as string, productId))) {
      throw new ProductNotFound();
    }
  }

  async remove(ctx: RequestContext, productId: string): Promise<void> {
    if (!(await this.wishlist.remove(ctx, ctx.customerId as string, productId))) {
      throw new ProductNotFound();
    }
  }
}
