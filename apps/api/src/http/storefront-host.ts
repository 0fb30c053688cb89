import type { IncomingHttpHeaders } from 'node:http';
import { BY_HOST } from '@silkcart/tenancy';

const PREFIX = '/api/v1/storefront';
const SLUG = /^[a-z0-9-]{1,63}$/;

const first = (value: string | string[] | undefined) =>
  (Array.isArray(value) ? value[0] : value)?.split(',')[0].trim();

/**
 * `/storefront/...` is every `/catalog/{storeSlug}/...` route served by host: rewritten, before
 * routing, to the catalog path of the store named by `X-Store-Slug`, else to `~<host>`, which
 * the store lookup matches against verified domains (neither: no store, 404). The rewritten
 * request then takes the same cache, fast path and controllers as the slug's own path.
 */
export function rewriteStorefrontUrl(url: string, headers: IncomingHttpHeaders): string {
  if (!url.startsWith(PREFIX)) return url;
  const rest = url.slice(PREFIX.length);
  if (rest !== '' && rest[0] !== '/' && rest[0] !== '?') return url;
  const named = first(headers['x-store-slug']);
  let store: string;
  if (named) {
    store = SLUG.test(named) ? named : BY_HOST;
  } else {
    const host = (first(headers['x-forwarded-host']) ?? first(headers.host) ?? '').toLowerCase();
    const hostname = host.startsWith('[') ? '' : host.replace(/:\d*$/, '').replace(/\.$/, '');
    store = BY_HOST + encodeURIComponent(hostname);
  }
  return `/api/v1/catalog/${store}${rest}`;
}
