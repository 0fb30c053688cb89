import { Injectable } from '@nestjs/common';
import { readContext, RequestContext } from '@silkcart/shared';
import { DataSource } from 'typeorm';
import { CatalogVersions } from '../infrastructure/catalog-versions';
import { CachedResponse, StorefrontCache } from '../infrastructure/storefront-cache';

/**
 * A storefront read through the cache (`compute` answers the JSON text, or null for 404): the key carries the store's catalog version, so a
 * write (which bumps it in its own transaction) makes the next read compute afresh. A miss
 * computes with each query scoped to the store in one round trip (`readContext`); a hit
 * touches neither PostgreSQL nor a transaction.
 */
@Injectable()
export class CachedReads {
  constructor(
    private readonly cache: StorefrontCache,
    private readonly versions: CatalogVersions,
    private readonly ds: DataSource,
  ) {}

  async read(
    ctx: RequestContext,
    request: string,
    compute: (ctx: RequestContext) => Promise<string | null>,
  ): Promise<CachedResponse | null> {
    const storeId = ctx.storeId as string;
    const key = this.cache.enabled
      ? this.cache.key(storeId, await this.versions.current(storeId), request)
      : '';
    const hit = await this.cache.get(key);
    if (hit) return hit;
    const value = await compute(readContext(this.ds, ctx));
    return value === null ? null : this.cache.set(key, value);
  }
}
