import { Injectable } from '@nestjs/common';
import { readContext, ReadReplica, RequestContext } from '@silkcart/shared';
import { DataSource } from 'typeorm';
import { CatalogVersions } from '../infrastructure/catalog-versions';
import { StorefrontCache } from '../infrastructure/storefront-cache';
import { CachedResponse } from './cached-response';

/**
 * A storefront read through the cache (`compute` answers the JSON text, or null for 404): the key carries the store's catalog version, so a
 * write (which bumps it in its own transaction) makes the next read compute afresh. A miss
 * computes with each query scoped to the store in one round trip (`readContext`); a hit
 * touches neither PostgreSQL nor a transaction. With a read replica the miss is computed there
 * unless the replica has not replayed the store's catalog version this process knows (then on
 * the primary), so a write stays visible to the next read.
 */
@Injectable()
export class CachedReads {
  constructor(
    private readonly cache: StorefrontCache,
    private readonly versions: CatalogVersions,
    private readonly ds: DataSource,
    private readonly replica: ReadReplica,
  ) {}

  async read(
    ctx: RequestContext,
    request: string,
    compute: (ctx: RequestContext) => Promise<string | null>,
  ): Promise<CachedResponse | null> {
    const storeId = ctx.storeId as string;
    const version =
      this.cache.enabled || this.replica.configured
        ? await this.versions.current(storeId)
        : undefined;
    const key = this.cache.enabled ? this.cache.key(storeId, version as number, request) : '';
    const hit = await this.cache.get(key);
    if (hit) return hit;
    const value = await compute(
      this.replica.configured ? this.replica.context(ctx, version) : readContext(this.ds, ctx),
    );
    return value === null ? null : this.cache.set(key, value);
  }

  /** Whether answers are cached at all (`STOREFRONT_CACHE=off` sends every read to PostgreSQL). */
  get enabled(): boolean {
    return this.cache.enabled;
  }

  /**
   * This process's memory only, without waiting: the answer; `null` when the store's version
   * is known here but the answer is not in memory and no other process shares its answers
   * (a sure miss); `undefined` when only `cached` can tell.
   */
  peek(storeId: string, request: string): CachedResponse | null | undefined {
    const version = this.versions.peek(storeId);
    if (version === undefined) return undefined;
    const hit = this.cache.peek(this.cache.key(storeId, version, request));
    return hit ?? (this.cache.shared ? undefined : null);
  }

  /** The cached answer under the store's current version, asking PostgreSQL and Redis. */
  async cached(storeId: string, request: string): Promise<CachedResponse | undefined> {
    const version = await this.versions.current(storeId);
    return this.cache.get(this.cache.key(storeId, version, request));
  }
}
