import { useEffect, useState } from 'preact/hooks';
import type { Category, Product } from '../api';
import { CategoryTree } from '../components/CategoryTree';
import { Filters } from '../components/Filters';
import { ProductCard } from '../components/ProductCard';
import { Link, navigate } from '../router';
import { useShop } from '../shop';

const LIMIT = 12;
type Ordering =
  'price' | '-price' | 'created' | '-created' | 'title' | '-title' | 'rating' | '-rating';

/** Category tree, filters and the product grid; every choice lives in the URL's query. */
export function Home({ query }: { query: URLSearchParams }) {
  const shop = useShop();
  const [categories, setCategories] = useState<Category[]>([]);
  /** The products of `for`, the query they answer (another while the next page loads). */
  const [result, setResult] = useState<{ for: string; items: Product[]; total: number } | null>(
    null,
  );
  const key = query.toString();
  const page = Number(query.get('page') ?? '1') || 1;
  const category = query.get('category') ?? '';

  useEffect(() => {
    void shop
      .call((api) =>
        api.GET('/api/v1/catalog/{storeSlug}/categories', {
          params: { path: { storeSlug: shop.slug } },
        }),
      )
      .then(({ data }) => setCategories(data?.items ?? []));
  }, [shop.slug]);

  useEffect(() => {
    const number = (name: string) => (query.get(name) ? Number(query.get(name)) : undefined);
    const inStock = query.get('in_stock');
    let current = true; // an answer to a query since replaced is dropped
    void shop
      .call((api) =>
        api.GET('/api/v1/catalog/{storeSlug}/products', {
          params: {
            path: { storeSlug: shop.slug },
            query: {
              q: query.get('q') || undefined,
              category: category || undefined,
              price_min: number('price_min'),
              price_max: number('price_max'),
              in_stock: inStock === 'true' || inStock === 'false' ? inStock : undefined,
              ordering: (query.get('ordering') as Ordering | null) ?? undefined,
              page,
              limit: LIMIT,
            },
          },
        }),
      )
      .then(
        ({ data }) =>
          current && setResult({ for: key, items: data?.items ?? [], total: data?.total ?? 0 }),
      );
    return () => (current = false);
  }, [shop.slug, key]);

  const withQuery = (changes: Record<string, string>) => {
    const next = new URLSearchParams(query);
    for (const [name, value] of Object.entries(changes)) {
      if (value) next.set(name, value);
      else next.delete(name);
    }
    if (!('page' in changes)) next.delete('page');
    return shop.href(next.size ? `?${next}` : '');
  };
  const apply = (changes: Record<string, string>) =>
    navigate(withQuery(changes), { replace: true });
  const pages = result ? Math.ceil(result.total / LIMIT) : 0;
  const q = query.get('q');

  return (
    <div class="home">
      <aside>
        <h2>Categories</h2>
        <Link href={withQuery({ category: '' })} class={category ? undefined : 'selected'}>
          All products
        </Link>
        <CategoryTree
          categories={categories}
          selected={category}
          hrefFor={(slug) => withQuery({ category: slug })}
        />
        <h2>Filter</h2>
        <Filters query={query} apply={apply} />
      </aside>
      <section>
        <p class="muted" data-testid="result-count">
          {result?.for !== key
            ? 'Loading…'
            : `${result.total} product${result.total === 1 ? '' : 's'}${q ? ` for “${q}”` : ''}`}
        </p>
        <div class="grid">
          {result?.items.map((p) => (
            <ProductCard key={p.id} product={p} />
          ))}
        </div>
        {pages > 1 ? (
          <nav class="pager">
            {page > 1 ? (
              <Link href={withQuery({ page: String(page - 1) })}>← Previous</Link>
            ) : (
              <span />
            )}
            <span>
              Page {page} of {pages}
            </span>
            {page < pages ? (
              <Link href={withQuery({ page: String(page + 1) })}>Next →</Link>
            ) : (
              <span />
            )}
          </nav>
        ) : null}
      </section>
    </div>
  );
}
