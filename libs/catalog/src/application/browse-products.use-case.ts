import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@silkcart/shared';
import { StorefrontFilter, StorefrontQueries } from '../infrastructure/storefront.queries';
import { CachedReads } from './cached-reads';

export type { StorefrontFilter };
import type { CachedResponse } from './cached-response';

/** The storefront's product list: active products only, filtered, ordered and paged. */
@Injectable()
export class BrowseProducts {
  constructor(
    private readonly reads: CachedReads,
    private readonly queries: StorefrontQueries,
  ) {}

  /** `requestKey` names the request in the cache (its path and sorted query). */
  async execute(
    ctx: RequestContext,
    requestKey: string,
    filter: StorefrontFilter,
  ): Promise<CachedResponse> {
    const found = await this.reads.read(ctx, requestKey, (c) => this.queries.listJson(c, filter));
    return found as CachedResponse;
  }
}
