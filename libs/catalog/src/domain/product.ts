export const PRODUCT_STATUSES = ['draft', 'active', 'archived'] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

export const ORDERINGS = ['price', '-price', 'created', '-created', 'title', '-title'] as const;
export type Ordering = (typeof ORDERINGS)[number];

/** The storefront also sorts by rating (products without reviews last either way). */
export const STOREFRONT_ORDERINGS = [...ORDERINGS, 'rating', '-rating'] as const;
export type StorefrontOrdering = (typeof STOREFRONT_ORDERINGS)[number];

/** Words of a storefront query as a prefix tsquery: `red sho` → `red:* & sho:*`. */
export function prefixTsQuery(q: string): string | null {
  const words = q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.length
    ? words
        .slice(0, 8)
        .map((w) => `${w}:*`)
        .join(' & ')
    : null;
}
