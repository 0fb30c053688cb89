import { Injectable } from '@nestjs/common';
import { RequestContext, TenantTx } from '@silkcart/shared';
import { fileTypeFromBuffer } from 'file-type';
import { randomUUID } from 'node:crypto';
import { ImageTooLarge, ProductNotFound, UnsupportedImage } from '../domain/catalog.errors';
import { ImageStorage } from '../infrastructure/image-storage';
import { ProductRepository } from '../infrastructure/product.repository';
import type { ImageView } from './catalog.views';
import { ProductChanges } from './product-changes';

export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
const ALLOWED: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
};

/**
 * Stores an upload, read whole (at most MAX_IMAGE_BYTES), after deciding its type from its
 * content (never from the name or the client's content type), then records it. The database
 * work runs in its own short transaction, after the bytes are stored.
 */
@Injectable()
export class UploadImage {
  constructor(
    private readonly tx: TenantTx,
    private readonly products: ProductRepository,
    private readonly storage: ImageStorage,
    private readonly changes: ProductChanges,
  ) {}

  async execute(
    ctx: RequestContext,
    productId: string,
    data: Buffer,
    alt: () => string,
  ): Promise<ImageView> {
    if (!(await this.tx.run(ctx, (c) => this.products.view(c, productId))))
      throw new ProductNotFound();
    if (data.length > MAX_IMAGE_BYTES) throw new ImageTooLarge();
    const contentType = (await fileTypeFromBuffer(data))?.mime;
    if (!contentType || !ALLOWED[contentType]) throw new UnsupportedImage();
    const id = randomUUID();
    const key = `${ctx.storeId}/${productId}/${id}.${ALLOWED[contentType]}`;
    const url = await this.storage.put(key, data, contentType);
    try {
      return await this.tx.run(ctx, async (c) => {
        if (!(await this.products.lock(c, productId))) throw new ProductNotFound();
        const image = await this.products.insertImage(c, {
          id,
          productId,
          key,
          url,
          alt: alt(),
          contentType,
          size: data.length,
        });
        await this.changes.record(c, productId, 'updated');
        return image;
      });
    } catch (err) {
      await this.storage.remove(key).catch(() => undefined);
      throw err;
    }
  }

  async setAlt(
    ctx: RequestContext,
    productId: string,
    image: ImageView,
    alt: string,
  ): Promise<ImageView> {
    return this.tx.run(ctx, async (c) => {
      await this.products.setImageAlt(c, productId, image.id, alt);
      await this.changes.record(c, productId, 'updated');
      return { ...image, alt };
    });
  }
}
