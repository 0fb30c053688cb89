import { Injectable } from '@nestjs/common';
import { RequestContext, StoreId } from '@silkcart/shared';
import { TenancyFacade } from '@silkcart/tenancy';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { BrowseProducts, StorefrontFilter } from '../application/browse-products.use-case';
import { CachedReads } from '../application/cached-reads';
import type { CachedResponse } from '../application/cached-response';
import { ViewCategoryTree } from '../application/view-category-tree.use-case';
import { ViewProduct } from '../application/view-product.use-case';
import { StorefrontQuery } from './catalog.dto';

const PREFIX = '/api/v1/catalog/';
const STOREFRONT = /^\/api\/v1\/catalog\/([^/?]+)\/(products|categories)(?:\/([^/?]+))?(?:\?|$)/;

/** Which storefront read a request is: the list, one product, or the category tree. */
type Read = { kind: 'list' } | { kind: 'product'; slug: string } | { kind: 'categories' };

/** The list's filter from its validated query. */
export function storefrontFilter(query: StorefrontQuery): StorefrontFilter {
  return {
    q: query.q,
    category: query.category,
    priceMin: query.price_min,
    priceMax: query.price_max,
    inStock: query.in_stock,
    ordering: query.ordering ?? '-created',
    page: query.page,
    limit: query.limit,
  };
}

/** Queries validated already, by their text: a storefront sends the same few again and again. */
const validated = new Map<string, StorefrontQuery | null>();

/**
 * The query as the controller's validation pipe would pass it, or null when it would refuse it
 * (`search` is the URL's query string, `raw` that string parsed).
 */
function validQuery(search: string, raw: unknown): StorefrontQuery | null {
  let query = validated.get(search);
  if (query === undefined) {
    const parsed = plainToInstance(StorefrontQuery, raw ?? {}, { enableImplicitConversion: false });
    const errors = validateSync(parsed, { whitelist: true, forbidNonWhitelisted: true });
    query = errors.length === 0 ? parsed : null;
    if (validated.size >= 1000) validated.clear();
    validated.set(search, query);
  }
  return query;
}

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
 * Answers storefront reads from a Fastify onRequest hook, before the Nest pipeline. When the
 * store, its catalog version and the answer are all in this process's memory (the steady
 * state) it answers synchronously; otherwise it asks the database and Redis, and on a miss
 * computes the answer (one statement over the read model) and fills the cache. Whatever it
 * would not answer 200 (an invalid query, an unknown store or product) and anything not a GET
 * of a storefront read goes on to the controllers, which validate and answer the same way.
 */
@Injectable()
export class StorefrontFastPath {
  constructor(
    private readonly reads: CachedReads,
    private readonly tenancy: TenancyFacade,
    private readonly browse: BrowseProducts,
    private readonly product: ViewProduct,
    private readonly categoryTree: ViewCategoryTree,
  ) {}

  /** True when answered; a promise of that when it had to ask the database or Redis. */
  tryServe(req: FastifyRequest, reply: FastifyReply): boolean | Promise<boolean> {
    if (req.method !== 'GET' || !req.url.startsWith(PREFIX)) return false;
    const match = STOREFRONT.exec(req.url);
    if (!match) return false;
    if (match[2] === 'categories' && match[3] !== undefined) return false;
    let slug: string;
    let read: Read;
    try {
      slug = decodeURIComponent(match[1]);
      read =
        match[2] === 'categories'
          ? { kind: 'categories' }
          : match[3] === undefined
            ? { kind: 'list' }
            : { kind: 'product', slug: decodeURIComponent(match[3]) };
    } catch {
      return false; // a malformed escape: the controllers answer it
    }
    // Publishable keys are checked by the guard: those requests take the controllers' way.
    if (req.headers['x-publishable-key'] !== undefined) return false;
    const request = storefrontRequestKey(req.url);
    const store = this.tenancy.knownStoreBySlug(slug);
    if (store?.requirePublishableKey) return false;
    const hit = store && this.reads.enabled ? this.reads.peek(store.id, request) : undefined;
    if (hit) return this.send(req, reply, hit);
    return this.lookUp(slug, read, request, hit === null, req, reply);
  }

  private async lookUp(
    slug: string,
    read: Read,
    request: string,
    sureMiss: boolean,
    req: FastifyRequest,
    reply: FastifyReply,
  ): Promise<boolean> {
    const store = await this.tenancy.storeBySlug(slug);
    if (!store || store.requirePublishableKey) return false;
    const hit =
      sureMiss || !this.reads.enabled ? undefined : await this.reads.cached(store.id, request);
    if (hit) return this.send(req, reply, hit);
    const ctx = RequestContext.anonymous(req.id).inStore(store.id as StoreId, null);
    let found: CachedResponse | null;
    if (read.kind === 'product') {
      found = await this.product.find(ctx, request, read.slug);
    } else if (read.kind === 'list') {
      const at = req.url.indexOf('?');
      const query = validQuery(at < 0 ? '' : req.url.slice(at + 1), req.query);
      if (!query) return false;
      found = await this.browse.execute(ctx, request, storefrontFilter(query));
    } else {
      found = await this.categoryTree.execute(ctx, request);
    }
    return found ? this.send(req, reply, found) : false;
  }

  private send(req: FastifyRequest, reply: FastifyReply, hit: CachedResponse): true {
    void reply.send(sendCached(req, reply, hit));
    return true;
  }
}
