import { createHash } from 'node:crypto';

export const STOREFRONT_CACHE_CONTROL = 'public, max-age=0, s-maxage=5, stale-while-revalidate=30';

/** A storefront answer ready to send: its bytes and its headers, computed once per entry. */
export class CachedResponse {
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    readonly body: Buffer,
    readonly etag: string,
  ) {
    this.headers = Object.freeze({
      'content-type': 'application/json; charset=utf-8',
      etag,
      'cache-control': STOREFRONT_CACHE_CONTROL,
    });
  }

  static of(json: string): CachedResponse {
    const body = Buffer.from(json);
    const digest = createHash('sha1').update(body).digest('base64url').slice(0, 22);
    return new CachedResponse(body, `W/"${digest}"`);
  }
}
