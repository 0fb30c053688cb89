import { useState } from 'preact/hooks';
import { problemMessage } from '../api';
import { Link, navigate } from '../router';
import { useShop } from '../shop';
import { keepOrderToken, startPayment } from './payment';

const FIELDS = [
  ['name', 'Full name', true],
  ['line1', 'Address', true],
  ['line2', 'Apartment, suite (optional)', false],
  ['city', 'City', true],
  ['region', 'Region (optional)', false],
  ['postalCode', 'Postal code', true],
  ['country', 'Country (2 letters, e.g. US)', true],
  ['phone', 'Phone (optional)', false],
] as const;
type Address = Record<(typeof FIELDS)[number][0], string>;

/** Email and shipping address → the order → a Stripe Checkout session, then off to Stripe. */
export function Checkout() {
  const shop = useShop();
  const [email, setEmail] = useState(shop.customer?.email ?? '');
  const [address, setAddress] = useState<Address>({
    name: shop.customer?.name ?? '',
    line1: '',
    line2: '',
    city: '',
    region: '',
    postalCode: '',
    country: '',
    phone: '',
  });
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const cart = shop.cart;
  if (!cart || cart.items.length === 0)
    return (
      <section class="notice">
        <h1>Nothing to check out</h1>
        <Link href={shop.href()}>Continue shopping</Link>
      </section>
    );

  const placeOrder = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    const filled = Object.entries(address).filter(([, value]) => value.trim() !== '');
    const shippingAddress = Object.fromEntries(filled) as Address;
    shippingAddress.country = shippingAddress.country?.toUpperCase();
    const { data: order, error } = await shop.call((api) =>
      api.POST('/api/v1/catalog/{storeSlug}/orders', {
        params: { path: { storeSlug: shop.slug }, header: { 'Idempotency-Key': idempotencyKey() } },
        body: { cartId: cart.id, email, shippingAddress },
      }),
    );
    if (!order) {
      setBusy(false);
      return setError(problemMessage(error, 'The order could not be placed'));
    }
    keepOrderToken(order.id, order.orderToken);
    shop.setCart(null); // the order consumed it
    const failure = await startPayment(shop, order.id);
    // Not redirected (Stripe not configured, say): the order page tells what happens next.
    if (failure) navigate(shop.href(`success?orderId=${order.id}`));
  };

  return (
    <section class="checkout">
      <h1>Checkout</h1>
      <form onSubmit={placeOrder}>
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
        <fieldset>
          <legend>Shipping address</legend>
          {FIELDS.map(([name, label, required]) => (
            <label key={name}>
              {label}
              <input
                name={name}
                required={required}
                maxLength={name === 'country' ? 2 : undefined}
                value={address[name]}
                onInput={(e) => setAddress({ ...address, [name]: e.currentTarget.value })}
              />
            </label>
          ))}
        </fieldset>
        <p>
          {cart.items.length} item{cart.items.length === 1 ? '' : 's'},{' '}
          {shop.money(cart.subtotal - cart.discountTotal)} before shipping and tax.
        </p>
        {error ? (
          <p class="error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Placing your order…' : 'Place order and pay'}
        </button>
      </form>
    </section>
  );
}

/** A retried POST with the same key is answered once (the contract's Idempotency-Key). */
function idempotencyKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');
}
