import { problemMessage } from '../api';
import type { Shop } from '../shop';

/** The order token stays in this tab's session: it is the key to read the order as a guest. */
const tokenKey = (orderId: string) => `silkcart:order:${orderId}`;
export const keepOrderToken = (orderId: string, token: string) =>
  sessionStorage.setItem(tokenKey(orderId), token);
export const orderToken = (orderId: string) => sessionStorage.getItem(tokenKey(orderId));

/**
 * Opens a Stripe Checkout session for the order and goes to its page; Stripe comes back to the
 * order's page here. Answers an error message when there is no session to go to.
 */
export async function startPayment(shop: Shop, orderId: string): Promise<string | null> {
  const token = orderToken(orderId);
  if (!token) return 'This order is not known in this browser session.';
  const back = `${window.location.origin}${shop.href(`success?orderId=${orderId}`)}`;
  const { data, error } = await shop.call((api) =>
    api.POST('/api/v1/payments/stripe/session', {
      body: { orderId, orderToken: token, successUrl: back, cancelUrl: back },
    }),
  );
  if (!data) return problemMessage(error, 'The payment could not be started');
  window.location.assign(data.url);
  return null;
}
