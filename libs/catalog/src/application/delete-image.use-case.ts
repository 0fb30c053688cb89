import { Injectable, Logger } from '@nestjs/common';
import type { RequestContext } from '@silkcart/shared';
import { ImageNotFound } from '../domain/catalog.errors';
import { ImageStorage } from '../infrastructure/image-storage';
import { ProductRepository } from '../infrastructure/product.repository';
import { ProductChanges } from './product-changes';

@Injectable()
export class DeleteImage {
  private readonly logger = new Logger(DeleteImage.name);

  constructor(
    private readonly products: ProductRepository,
    private readonly storage: ImageStorage,
    private readonly changes: ProductChanges,
  ) {}

  async execute(ctx: RequestContext, productId: string, imageId: string): Promise<void> {
    const key = await this.products.deleteImage(ctx, productId, imageId);
    if (!key) throw new ImageNotFound();
    await this.changes.record(ctx, productId, 'updated');
    // The file goes once the row is gone for good.
    ctx.afterCommit(() => {
      this.storage
        .remove(key)
        .catch((err: unknown) => this.logger.warn({ err, key }, 'could not remove an image file'));
    });
  }
}
