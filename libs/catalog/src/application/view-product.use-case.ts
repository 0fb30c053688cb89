import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@silkcart/shared';
import { ProductNotFound } from '../domain/catalog.errors';
import { StorefrontQueries } from '../infrastructure/storefront.queries';
import { CachedReads } from './cached-reads';
import type { CachedResponse } from './cached-response';

/** One active product by slug; a draft, archived or unknown product is a 404. */
@Injectable()
export class ViewProduct {
  constructor(
    private readonly reads: CachedReads,
    private readonly queries: StorefrontQueries,
  ) {}

  async execute(ctx: RequestContext, requestKey: string, slug: string): Promise<CachedResponse> {
    const found = await this.find(ctx, requestKey, slug);
    if (!found) throw new ProductNotFound();
    return found;
  }

  /** The product's answer, or null when no active product has this slug. */
  find(ctx: RequestContext, requestKey: string, slug: string): Promise<CachedResponse | null> {
    return this.reads.read(ctx, requestKey, (c) => this.queries.bySlugJson(c, slug));
  }
}
