import { Injectable } from '@nestjs/common';
import { TenancyFacade } from '@silkcart/tenancy';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CachedReads } from '../application/cached-reads';
import type { CachedResponse } from '../application/cached-response';

const PREFIX = '/api/v1/catalog/';
const STOREFRONT = /^\/api\/v1\/catalog\/([^/?]+)\/(?:products(?:\/[^/?]+)?|categories)(?:\?|$)/;

/**
 * The cache key of a storefront request: its path and its query parameters, sorted. Both
 * the fast path and the controllers key by it, so the same request always meets its entry.
 */
export function storefrontRequestKey(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  // Sorted by name only (a stable sort): a repeated parameter keeps its order.
  const name = (pair: string) => pair.split('=', 1)[0];
  const params = url
    .slice(q + 1)
    .split('&')
    .filter((p) => p !== '')
    .sort((a, b) => (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0));
  return params.length ? `${url.slice(0, q)}?${params.join('&')}` : url.slice(0, q);
}

/** Headers, ETag and 304 for a cached storefront answer; returns the body to send. */
export function sendCached(
  req: FastifyRequest,
  reply: FastifyReply,
  response: CachedResponse,
): Buffer | string {
  void reply.headers(response.headers);
  const match = req.headers['if-none-match'];
  if (match && match.split(',').some((tag) => tag.trim() === response.etag)) {
    reply.status(304);
    return '';
  }
  return response.body;
}

/**
 * Answers storefront reads that are in the cache from a Fastify onRequest hook, before the
 * Nest pipeline. When the store, its catalog version and the answer are all in this
 * process's memory (the steady state) it answers synchronously; otherwise it asks the
 * database and Redis. Misses, and anything not a GET of a storefront read, go on to the
 * controllers, which validate, compute and fill the cache under the same key.
 */
@Injectable()
export class StorefrontFastPath {
  constructor(
    private readonly reads: CachedReads,
    private readonly tenancy: TenancyFacade,
  ) {}

  /** True when answered; a promise of that when it had to ask the database or Redis. */
  tryServe(req: FastifyRequest, reply: FastifyReply): boolean | Promise<boolean> {
    if (!this.reads.enabled || req.method !== 'GET' || !req.url.startsWith(PREFIX)) return false;
    const match = STOREFRONT.exec(req.url);
    if (!match) return false;
    let slug: string;
    try {
      slug = decodeURIComponent(match[1]);
    } catch {
      return false; // a malformed escape: the controllers answer it
    }
    const request = storefrontRequestKey(req.url);
    const store = this.tenancy.knownStoreBySlug(slug);
    const hit = store ? this.reads.peek(store.id, request) : undefined;
    if (hit) return this.send(req, reply, hit);
    if (hit === null) return false;
    return this.lookUp(slug, request, req, reply);
  }

  private async lookUp(
    slug: string,
    request: string,
    req: FastifyRequest,
    reply: FastifyReply,
  ): Promise<boolean> {
    const store = await this.tenancy.storeBySlug(slug);
    if (!store) return false;
    const hit = await this.reads.cached(store.id, request);
    return hit ? this.send(req, reply, hit) : false;
  }

  private send(req: FastifyRequest, reply: FastifyReply, hit: CachedResponse): true {
    void reply.send(sendCached(req, reply, hit));
    return true;
  }
}
