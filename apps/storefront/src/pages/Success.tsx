import { useEffect, useState } from 'preact/hooks';
import type { Order } from '../api';
import { STATUS_LABELS } from '../format';
import { Link } from '../router';
import { useShop } from '../shop';
import { orderToken, startPayment } from './payment';

/**
 * Where Stripe sends the shopper back: the order read with the token kept in this session.
 * The payment is confirmed by Stripe's webhook, which may land a moment later: while the order
 * awaits payment the page looks again, for up to a minute.
 */
export function Success({ orderId }: { orderId: string }) {
  const shop = useShop();
  const [order, setOrder] = useState<Order | null | undefined>(undefined);
  const [error, setError] = useState('');
  const token = orderToken(orderId);

  useEffect(() => {
    if (!token) return;
    let timer = 0;
    let tries = 0;
    const load = async () => {
      const { data } = await shop.call((api) =>
        api.GET('/api/v1/catalog/{storeSlug}/orders/{orderId}', {
          params: { path: { storeSlug: shop.slug, orderId }, header: { 'X-Order-Token': token } },
        }),
      );
      setOrder(data ?? null);
      if (data?.status === 'pending_payment' && ++tries < 30) timer = window.setTimeout(load, 2000);
    };
    void load();
    return () => window.clearTimeout(timer);
  }, [orderId, token]);

  if (!token || order === null)
    return (
      <section class="notice">
        <h1>Order not found</h1>
        <p>
          This order is not known in this browser session. Signed-in customers find theirs under
          their account.
        </p>
      </section>
    );
  if (!order) return <p class="muted">Loading your order…</p>;
  const pay = async () => setError((await startPayment(shop, order.id)) ?? '');

  return (
    <section class="order">
      <h1>
        {order.status === 'pending_payment' ? 'Your order is placed' : 'Thank you for your order'}
      </h1>
      <p>
        Order <strong>#{order.number}</strong>, status{' '}
        <strong class={`status ${order.status}`} data-testid="order-status">
          {STATUS_LABELS[order.status] ?? order.status}
        </strong>
      </p>
      {order.status === 'pending_payment' ? (
        <p>
          We are waiting for the payment to be confirmed. <button onClick={pay}>Pay now</button>
        </p>
      ) : null}
      {error ? <p class="error">{error}</p> : null}
      <table>
        <tbody>
          {order.items.map((item) => (
            <tr key={item.variantId}>
              <td>
                {item.quantity} × {item.title}
              </td>
              <td>{shop.money(item.lineTotal)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl>
        <dt>Subtotal</dt>
        <dd>{shop.money(order.subtotal)}</dd>
        {order.discountTotal ? (
          <>
            <dt>Discount{order.promotionCode ? ` (${order.promotionCode})` : ''}</dt>
            <dd>−{shop.money(order.discountTotal)}</dd>
          </>
        ) : null}
        <dt>Shipping</dt>
        <dd>{shop.money(order.shippingTotal)}</dd>
        <dt>Tax</dt>
        <dd>{shop.money(order.taxTotal)}</dd>
        <dt>Total</dt>
        <dd data-testid="order-total">{shop.money(order.total)}</dd>
      </dl>
      <p>A confirmation was sent to {order.email}.</p>
      <Link href={shop.href()}>Continue shopping</Link>
    </section>
  );
}
