import { useEffect, useState } from 'preact/hooks';
import { Link, navigate } from '../router';
import { useShop } from '../shop';

/** Store name, search (the API's `q` forgives typos) and the cart and account links. */
export function Header({ query }: { query: string }) {
  const shop = useShop();
  const [q, setQ] = useState(query);
  useEffect(() => setQ(query), [query]);
  const count = shop.cart?.items.reduce((n, item) => n + item.quantity, 0) ?? 0;
  const search = (e: Event) => {
    e.preventDefault();
    const params = new URLSearchParams(window.location.search);
    if (q.trim()) params.set('q', q.trim());
    else params.delete('q');
    params.delete('page');
    navigate(shop.href(params.size ? `?${params}` : ''));
  };
  return (
    <header class="header">
      <Link href={shop.href()} class="brand">
        {shop.store?.name ?? ''}
      </Link>
      <form class="search" role="search" onSubmit={search}>
        <input
          type="search"
          name="q"
          aria-label="Search products"
          placeholder="Search products"
          value={q}
          onInput={(e) => setQ(e.currentTarget.value)}
        />
        <button type="submit">Search</button>
      </form>
      <nav>
        <Link href={shop.href('account')}>{shop.customer ? shop.customer.name : 'Sign in'}</Link>
        <Link href={shop.href('cart')} data-testid="cart-link">
          Cart ({count})
        </Link>
      </nav>
    </header>
  );
}
