import { useState } from 'preact/hooks';
import { problemMessage } from '../api';
import { Link } from '../router';
import { useShop } from '../shop';

/** The cart: quantities, removal and a discount code; totals as the API computes them. */
export function CartPage() {
  const shop = useShop();
  const { cart } = shop;
  const [code, setCode] = useState('');
  const [error, setError] = useState('');
  if (!cart || cart.items.length === 0)
    return (
      <section class="notice">
        <h1>Your cart is empty</h1>
        <Link href={shop.href()}>Continue shopping</Link>
      </section>
    );
  const path = { storeSlug: shop.slug, cartId: cart.id };

  const answer = ({ data, error }: { data?: typeof cart; error?: unknown }) => {
    if (data) shop.setCart(data);
    setError(error ? problemMessage(error) : '');
  };
  const setQuantity = async (itemId: string, quantity: number) =>
    answer(
      await shop.call((api) =>
        api.PATCH('/api/v1/catalog/{storeSlug}/carts/{cartId}/items/{itemId}', {
          params: { path: { ...path, itemId } },
          body: { quantity },
        }),
      ),
    );
  const remove = async (itemId: string) =>
    answer(
      await shop.call((api) =>
        api.DELETE('/api/v1/catalog/{storeSlug}/carts/{cartId}/items/{itemId}', {
          params: { path: { ...path, itemId } },
        }),
      ),
    );
  const applyCode = async (e: Event) => {
    e.preventDefault();
    answer(
      await shop.call((api) =>
        api.POST('/api/v1/catalog/{storeSlug}/carts/{cartId}/promotion', {
          params: { path },
          body: { code },
        }),
      ),
    );
  };
  const removeCode = async () =>
    answer(
      await shop.call((api) =>
        api.DELETE('/api/v1/catalog/{storeSlug}/carts/{cartId}/promotion', { params: { path } }),
      ),
    );

  return (
    <section class="cart">
      <h1>Your cart</h1>
      <table>
        <thead>
          <tr>
            <th>Item</th>
            <th>Price</th>
            <th>Quantity</th>
            <th>Total</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {cart.items.map((item) => (
            <tr key={item.id} data-testid="cart-item">
              <td>
                {item.title} <span class="muted">{item.sku}</span>
              </td>
              <td>{shop.money(item.unitPrice)}</td>
              <td>
                <input
                  type="number"
                  min="1"
                  max="999"
                  aria-label={`Quantity of ${item.title}`}
                  value={item.quantity}
                  onChange={(e) =>
                    void setQuantity(item.id, Math.max(1, Number(e.currentTarget.value) || 1))
                  }
                />
              </td>
              <td>{shop.money(item.lineTotal)}</td>
              <td>
                <button
                  class="link"
                  onClick={() => void remove(item.id)}
                  aria-label={`Remove ${item.title}`}
                >
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div class="summary">
        {cart.promotionCode ? (
          <p>
            Code <strong>{cart.promotionCode}</strong>{' '}
            <button class="link" onClick={() => void removeCode()}>
              remove
            </button>
          </p>
        ) : (
          <form class="inline" onSubmit={applyCode}>
            <input
              name="code"
              aria-label="Discount code"
              placeholder="Discount code"
              value={code}
              onInput={(e) => setCode(e.currentTarget.value)}
            />
            <button type="submit">Apply</button>
          </form>
        )}
        {error ? (
          <p class="error" role="alert">
            {error}
          </p>
        ) : null}
        <dl>
          <dt>Subtotal</dt>
          <dd data-testid="subtotal">{shop.money(cart.subtotal)}</dd>
          {cart.discountTotal ? (
            <>
              <dt>Discount</dt>
              <dd data-testid="discount">−{shop.money(cart.discountTotal)}</dd>
            </>
          ) : null}
          <dt>Total before shipping and tax</dt>
          <dd data-testid="cart-total">{shop.money(cart.subtotal - cart.discountTotal)}</dd>
        </dl>
        <Link href={shop.href('checkout')} class="button primary">
          Checkout
        </Link>
      </div>
    </section>
  );
}
