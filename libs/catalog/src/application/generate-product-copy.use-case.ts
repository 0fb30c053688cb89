import { Injectable } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { RequestContext, TenantTx } from '@silkcart/shared';
import { ProductNotFound } from '../domain/catalog.errors';
import type { CopyTone } from '../domain/product-copy';
import { OpenAiCopywriter } from '../infrastructure/openai-copywriter';
import { ProductRepository } from '../infrastructure/product.repository';

export class ProductCopyView {
  @ApiProperty({ description: 'A suggestion; the product is not changed' }) description: string;
  @ApiProperty({ example: 'gpt-4o-mini' }) model: string;
}

export interface ProductCopyInput {
  tone?: CopyTone;
  language?: string;
  keywords?: string[];
}

/**
 * Suggests a product description written by OpenAI from the product's title, description,
 * categories and variant options; saves nothing. The product is read in a short transaction of
 * its own, so no connection is held while the provider writes.
 */
@Injectable()
export class GenerateProductCopy {
  constructor(
    private readonly tx: TenantTx,
    private readonly products: ProductRepository,
    private readonly copywriter: OpenAiCopywriter,
  ) {}

  /** 503 naming OPENAI_API_KEY when none is set (checked before the rate budget is spent). */
  ensureAvailable(): void {
    this.copywriter.ensureConfigured();
  }

  async execute(
    ctx: RequestContext,
    productId: string,
    input: ProductCopyInput,
  ): Promise<ProductCopyView> {
    this.copywriter.ensureConfigured();
    const source = await this.tx.run(ctx, (c) => this.products.copySource(c, productId));
    if (!source) throw new ProductNotFound();
    return this.copywriter.write({
      ...source,
      tone: input.tone ?? 'neutral',
      language: Intl.getCanonicalLocales(input.language ?? 'en')[0],
      keywords: input.keywords ?? [],
    });
  }
}
