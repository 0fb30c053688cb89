/**
 * The SilkCart API client: openapi-fetch typed by the schema generated from docs/openapi.json
 * (`npm run clients` regenerates ./schema.d.ts; `npm run clients:check` fails when it is stale).
 */
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

export type { components, operations, paths } from './schema';

export interface SilkCartClientOptions {
  /** The api's origin, e.g. `https://api.example.com` (the paths carry `/api/v1`). */
  baseUrl: string;
  /**
   * Sent as `Authorization: Bearer …`: an access token (JWT) or a secret API key (`silk_sk_…`).
   * A function is asked on every request, so a refreshed token is picked up.
   */
  token?: string | (() => string | undefined | Promise<string | undefined>);
  /** Sent as `X-Publishable-Key` (`silk_pk_…`), for stores that require it on the storefront. */
  publishableKey?: string;
  /** Another fetch (tests, older runtimes); defaults to `globalThis.fetch`. */
  fetch?: (input: Request) => Promise<Response>;
}

export type SilkCartClient = Client<paths>;

/** A typed client: `client.GET('/api/v1/catalog/{storeSlug}/products', { params: … })`. */
export function createSilkCartClient(options: SilkCartClientOptions): SilkCartClient {
  const client = createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  client.use(credentials(options));
  return client;
}

/** Adds the credentials to every request, unless the call sets the header itself. */
function credentials(options: SilkCartClientOptions): Middleware {
  return {
    async onRequest({ request }) {
      const token = typeof options.token === 'function' ? await options.token() : options.token;
      if (token && !request.headers.has('Authorization')) {
        request.headers.set('Authorization', `Bearer ${token}`);
      }
      if (options.publishableKey && !request.headers.has('X-Publishable-Key')) {
        request.headers.set('X-Publishable-Key', options.publishableKey);
      }
      return request;
    },
  };
}
