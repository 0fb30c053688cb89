import { Injectable } from '@nestjs/common';
import { pageOf, RequestContext } from '@silkcart/shared';
import { StorefrontFilter, StorefrontQueries } from '../infrastructure/storefront.queries';
import type { CachedResponse } from '../infrastructure/storefront-cache';
import { CachedReads } from './cached-reads';

/** The storefront's product list: active products only, filtered, ordered and paged. */
@Injectable()
export class BrowseProducts {
  constructor(
    private readonly reads: CachedReads,
    private readonly queries: StorefrontQueries,
  ) {}

  async execute(
    ctx: RequestContext,
    currency: string,
    filter: StorefrontFilter,
  ): Promise<CachedResponse> {
    const key = `products?${JSON.stringify(filter)}`;
    return (await this.reads.read(ctx, key, async (c) => {
      const [items, total] = await this.queries.list(c, currency, filter);
      return pageOf(items, total, filter);
    })) as CachedResponse;
  }
}
