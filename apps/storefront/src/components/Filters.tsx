import { useEffect, useState } from 'preact/hooks';
import { fractionDigits } from '../format';
import { useShop } from '../shop';

export const ORDERINGS = [
  ['-created', 'Newest'],
  ['created', 'Oldest'],
  ['price', 'Price: low to high'],
  ['-price', 'Price: high to low'],
  ['title', 'Name: A to Z'],
  ['-title', 'Name: Z to A'],
  ['-rating', 'Best rated'],
] as const;

/** Price range (typed in major units, sent in minor ones), in stock, and sort order. */
export function Filters({
  query,
  apply,
}: {
  query: URLSearchParams;
  apply: (changes: Record<string, string>) => void;
}) {
  const shop = useShop();
  const scale = 10 ** fractionDigits(shop.store?.currency ?? 'USD');
  const major = (minor: string | null) => (minor ? String(Number(minor) / scale) : '');
  const minor = (value: string) =>
    value.trim() === '' ? '' : String(Math.round(Number(value) * scale));
  const [min, setMin] = useState(major(query.get('price_min')));
  const [max, setMax] = useState(major(query.get('price_max')));
  useEffect(() => {
    setMin(major(query.get('price_min')));
    setMax(major(query.get('price_max')));
  }, [query.toString(), scale]);

  const submit = (e: Event) => {
    e.preventDefault();
    apply({ price_min: minor(min), price_max: minor(max) });
  };
  return (
    <form class="filters" onSubmit={submit}>
      <fieldset>
        <legend>Price ({shop.store?.currency})</legend>
        <input
          type="number"
          min="0"
          step="any"
          name="price_min"
          aria-label="Minimum price"
          placeholder="Min"
          value={min}
          onInput={(e) => setMin(e.currentTarget.value)}
        />
        <input
          type="number"
          min="0"
          step="any"
          name="price_max"
          aria-label="Maximum price"
          placeholder="Max"
          value={max}
          onInput={(e) => setMax(e.currentTarget.value)}
        />
        <button type="submit">Apply</button>
      </fieldset>
      <label>
        <input
          type="checkbox"
          name="in_stock"
          checked={query.get('in_stock') === 'true'}
          onChange={(e) => apply({ in_stock: e.currentTarget.checked ? 'true' : '' })}
        />{' '}
        In stock only
      </label>
      <label>
        Sort by{' '}
        <select
          name="ordering"
          value={query.get('ordering') ?? '-created'}
          onChange={(e) =>
            apply({ ordering: e.currentTarget.value === '-created' ? '' : e.currentTarget.value })
          }
        >
          {ORDERINGS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
    </form>
  );
}
