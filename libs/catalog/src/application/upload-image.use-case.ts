import { Injectable } from '@nestjs/common';
import { RequestContext, TenantTx } from '@silkcart/shared';
import { fileTypeStream } from 'file-type';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { ImageTooLarge, ProductNotFound, UnsupportedImage } from '../domain/catalog.errors';
import type { ImageView } from '../domain/product';
import { CatalogVersions } from '../infrastructure/catalog-versions';
import { ImageStorage } from '../infrastructure/image-storage';
import { ProductRepository } from '../infrastructure/product.repository';

export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
const ALLOWED: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
};

export interface IncomingFile {
  stream: Readable;
  /** True once the stream was cut at the size limit. */
  truncated(): boolean;
}

/**
 * Streams an upload to storage after deciding its type from its first bytes (never from
 * the name or the client's content type), then records it. The database work runs in its
 * own short transaction, after the bytes are stored.
 */
@Injectable()
export class UploadImage {
  constructor(
    private readonly tx: TenantTx,
    private readonly products: ProductRepository,
    private readonly storage: ImageStorage,
    private readonly versions: CatalogVersions,
  ) {}

  async execute(
    ctx: RequestContext,
    productId: string,
    file: IncomingFile,
    alt: () => string,
  ): Promise<ImageView> {
    if (!(await this.tx.run(ctx, (c) => this.products.view(c, productId))))
      throw new ProductNotFound();
    const sniffed = await fileTypeStream(file.stream, { sampleSize: 4100 });
    const contentType = sniffed.fileType?.mime;
    if (!contentType || !ALLOWED[contentType]) {
      file.stream.resume();
      throw new UnsupportedImage();
    }
    const id = randomUUID();
    const key = `${ctx.storeId}/${productId}/${id}.${ALLOWED[contentType]}`;
    let size = 0;
    sniffed.on('data', (chunk: Buffer) => (size += chunk.length));
    let url: string;
    try {
      url = await this.storage.put(key, sniffed, contentType);
    } catch (err) {
      if (file.truncated()) throw new ImageTooLarge();
      throw err;
    }
    if (file.truncated()) {
      await this.storage.remove(key);
      throw new ImageTooLarge();
    }
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
          size,
        });
        await this.versions.bump(c);
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
      await this.versions.bump(c);
      return { ...image, alt };
    });
  }
}
