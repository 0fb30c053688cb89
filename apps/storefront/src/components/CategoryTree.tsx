import type { Category } from '../api';
import { Link } from '../router';

/** The store's category tree; each links to the home list filtered by it. */
export function CategoryTree(props: {
  categories: Category[];
  selected: string;
  hrefFor: (slug: string) => string;
}) {
  const { categories, selected, hrefFor } = props;
  if (categories.length === 0) return null;
  return (
    <ul class="categories">
      {categories.map((c) => (
        <li key={c.id}>
          <Link href={hrefFor(c.slug)} class={c.slug === selected ? 'selected' : undefined}>
            {c.name}
          </Link>
          <CategoryTree categories={c.children} selected={selected} hrefFor={hrefFor} />
        </li>
      ))}
    </ul>
  );
}
