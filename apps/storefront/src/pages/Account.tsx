import { useEffect, useState } from 'preact/hooks';
import { problemMessage, type Order, type WishlistItem } from '../api';
import { date, STATUS_LABELS } from '../format';
import { Link } from '../router';
import { useShop } from '../shop';

/** Signed out: sign in or register. Signed in: the customer's orders and wishlist. */
export function Account() {
  const shop = useShop();
  return shop.customer ? (
    <Dashboard />
  ) : (
    <div class="account-forms">
      <SignIn />
      <Register />
    </div>
  );
}

function SignIn() {
  const shop = useShop();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const submit = async (e: Event) => {
    e.preventDefault();
    const { data, error } = await shop.call((api) =>
      api.POST('/api/v1/catalog/{storeSlug}/customers/token', {
        params: { path: { storeSlug: shop.slug } },
        body: { email, password },
      }),
    );
    if (data) shop.signIn(data);
    else setError(problemMessage(error, 'Could not sign in'));
  };
  return (
    <form class="card-form" onSubmit={submit} aria-labelledby="sign-in">
      <h2 id="sign-in">Sign in</h2>
      <label>
        Email
        <input
          type="email"
          name="email"
          required
          value={email}
          onInput={(e) => setEmail(e.currentTarget.value)}
        />
      </label>
      <label>
        Password
        <input
          type="password"
          name="password"
          required
          autoComplete="current-password"
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
      </label>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" class="primary">
        Sign in
      </button>
    </form>
  );
}

function Register() {
  const shop = useShop();
  const [form, setForm] = useState({ name: '', email: '', password: '' });
  const [error, setError] = useState('');
  const submit = async (e: Event) => {
    e.preventDefault();
    const { data, error } = await shop.call((api) =>
      api.POST('/api/v1/catalog/{storeSlug}/customers', {
        params: { path: { storeSlug: shop.slug } },
        body: form,
      }),
    );
    if (data) shop.signIn(data);
    else setError(problemMessage(error, 'Could not create the account'));
  };
  const field = (name: keyof typeof form) => ({
    name,
    value: form[name],
    onInput: (e: Event) =>
      setForm({ ...form, [name]: (e.currentTarget as HTMLInputElement).value }),
  });
  return (
    <form class="card-form" onSubmit={submit} aria-labelledby="register">
      <h2 id="register">Create an account</h2>
      <label>
        Name
        <input required {...field('name')} />
      </label>
      <label>
        Email
        <input type="email" required {...field('email')} />
      </label>
      <label>
        Password (at least 10 characters)
        <input
          type="password"
          required
          minLength={10}
          autoComplete="new-password"
          {...field('password')}
        />
      </label>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" class="primary">
        Create account
      </button>
    </form>
  );
}

function Dashboard() {
  const shop = useShop();
  const [orders, setOrders] = useState<Order[] | null>(null);
  const [wishlist, setWishlist] = useState<WishlistItem[] | null>(null);
  const storeSlug = shop.slug;

  const loadWishlist = () =>
    shop
      .call((api) =>
        api.GET('/api/v1/catalog/{storeSlug}/customers/me/wishlist', {
          params: { path: { storeSlug } },
        }),
      )
      .then(({ data }) => setWishlist(data?.items ?? []));
  useEffect(() => {
    void shop
      .call((api) =>
        api.GET('/api/v1/catalog/{storeSlug}/customers/me/orders', {
          params: { path: { storeSlug }, query: { limit: 20 } },
        }),
      )
      .then(({ data, response }) => {
        // The session ended for good (refresh refused): sign in again.
        if (response.status === 401) shop.signOut();
        setOrders(data?.items ?? []);
      });
    void loadWishlist();
  }, [storeSlug]);

  const removeFromWishlist = async (productId: string) => {
    await shop.call((api) =>
      api.DELETE('/api/v1/catalog/{storeSlug}/customers/me/wishlist/{productId}', {
        params: { path: { storeSlug, productId } },
      }),
    );
    await loadWishlist();
  };

  return (
    <div class="dashboard">
      <p>
        Signed in as <strong>{shop.customer?.name}</strong> ({shop.customer?.email}){' '}
        <button class="link" onClick={shop.signOut}>
          Sign out
        </button>
      </p>
      <section>
        <h2>My orders</h2>
        {orders === null ? <p class="muted">Loading…</p> : null}
        {orders?.length === 0 ? <p class="muted">No orders yet.</p> : null}
        {orders?.length ? (
          <table data-testid="my-orders">
            <thead>
              <tr>
                <th>Order</th>
                <th>Date</th>
                <th>Status</th>
                <th>Total</th>
              </tr>
            </thead>
            <tbody>
              {orders.map((o) => (
                <tr key={o.id}>
                  <td>#{o.number}</td>
                  <td>{date(o.createdAt)}</td>
                  <td>{STATUS_LABELS[o.status] ?? o.status}</td>
                  <td>{shop.money(o.total)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
      <section>
        <h2>Wishlist</h2>
        {wishlist?.length === 0 ? <p class="muted">Nothing saved yet.</p> : null}
        <ul class="wishlist" data-testid="wishlist">
          {wishlist?.map((item) => (
            <li key={item.productId}>
              <Link href={shop.href(`p/${item.slug}`)}>{item.title}</Link>{' '}
              {item.priceMin !== null ? <span>{shop.money(item.priceMin)}</span> : null}{' '}
              {item.inStock ? null : <span class="muted">out of stock</span>}{' '}
              <button class="link" onClick={() => void removeFromWishlist(item.productId)}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
