import slugifyText from 'slugify';

/** `Summer Shoes` → `summer-shoes`, accents folded; empty when nothing is left. */
export function slugify(text: string): string {
  return slugifyText(text, { lower: true, strict: true, trim: true })
    .replace(/-+/g, '-')
    .slice(0, 100);
}

/**
 * The first free slug among `base`, `base-2`, `base-3`… given the slugs already taken
 * that start with `base`.
 */
export function firstFreeSlug(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!used.has(candidate)) return candidate;
  }
}
