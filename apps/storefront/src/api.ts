// The storefront's one door to the API: the shared typed client (clients/typescript, generated
// from docs/openapi.json). Everything else imports from this file.
import type { components } from '../../../clients/typescript/src';

export { createSilkCartClient, type SilkCartClient } from '../../../clients/typescript/src';

type Schemas = components['schemas'];
export type Rating = { average: number | null; count: number };
/** Storefront products carry `rating` (API.md, Reviews), which the OpenAPI document omits. */
export type Product = Schemas['StorefrontProductView'] & { rating?: Rating };
export type Variant = Schemas['StorefrontVariant'];
export type Category = Schemas['CategoryNode'];
export type Cart = Schemas['CartView'];
export type Order = Schemas['OrderView'];
export type Review = Schemas['PublicReviewView'];
export type WishlistItem = Schemas['WishlistItemView'];
export type TokenPair = Schemas['CustomerTokenPairView'];

/** The message of a problem answer (RFC 9457): its first field error, else its detail or title. */
export function problemMessage(error: unknown, fallback = 'Something went wrong'): string {
  if (!error || typeof error !== 'object') return fallback;
  const p = error as { detail?: string; title?: string; errors?: Array<{ message?: string }> };
  return p.errors?.[0]?.message ?? p.detail ?? p.title ?? fallback;
}
