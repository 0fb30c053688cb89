import { Injectable } from '@nestjs/common';
import { TenancyFacade } from '@silkcart/tenancy';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CatalogVersions } from '../infrastructure/catalog-versions';
import { CachedResponse, StorefrontCache } from '../infrastructure/storefront-cache';

const STOREFRONT = /^\/api\/v1\/catalog\/([^/?]+)\/(products(?:\/[^/?]+)?|categories)(?:\?(.*))?$/;
export const STOREFRONT_CACHE_CONTROL = 'public, max-age=0, s-maxage=5, stale-while-revalidate=30';

/** The cache key of a storefront request: its path and its query, parameters sorted. */
export function storefrontRequestKey(url: string): string {
  const [path, query = ''] = url.split('?', 2);
  const params = [...new URLSearchParams(query).entries()].sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  return `${path}?${new URLSearchParams(params).toString()}`;
}

/** Headers, ETag and 304 for a cached storefront answer; returns the body to send. */
export function sendCached(
  req: FastifyRequest,
  reply: FastifyReply,
  response: CachedResponse,
): string {
  reply.header('content-type', 'application/json; charset=utf-8');
  reply.header('etag', response.etag);
  reply.header('cache-control', STOREFRONT_CACHE_CONTROL);
  const match = req.headers['if-none-match'];
  if (match && match.split(',').some((tag) => tag.trim() === response.etag)) {
    reply.status(304);
    return '';
  }
  return response.body;
}

/**
 * Answers storefront reads that are in the cache from a Fastify onRequest hook, before the
 * Nest pipeline: a hit costs a store lookup and a version lookup (both in memory) and the
 * cache read. Misses, and anything not a GET of a storefront read, go on to the controllers,
 * which validate, compute and fill the cache under the same key.
 */
@Injectable()
export class StorefrontFastPath {
  constructor(
    private readonly cache: StorefrontCache,
    private readonly versions: CatalogVersions,
    private readonly tenancy: TenancyFacade,
  ) {}

  async tryServe(req: FastifyRequest, reply: FastifyReply): Promise<boolean> {
    if (!this.cache.enabled || req.method !== 'GET') return false;
    const match = STOREFRONT.exec(req.url);
    if (!match) return false;
    const store = await this.tenancy.storeBySlug(decodeURIComponent(match[1]));
    if (!store) return false;
    const key = this.cache.key(
      store.id,
      await this.versions.current(store.id),
      storefrontRequestKey(req.url),
    );
    const hit = await this.cache.get(key);
    if (!hit) return false;
    void reply.send(sendCached(req, reply, hit));
    return true;
  }
}
