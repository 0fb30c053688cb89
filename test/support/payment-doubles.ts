import { PayPalDouble, startPayPalDouble } from './paypal-double';
import { StripeDouble, startStripeDouble } from './stripe-double';

export const STRIPE_WEBHOOK_SECRET = 'whsec_test_platform_secret';
export const STRIPE_CONNECT_WEBHOOK_SECRET = 'whsec_test_connect_secret';

export interface PaymentDoubles {
  stripe: StripeDouble;
  paypal: PayPalDouble;
  /** The api's configuration pointing both providers at their doubles. */
  env: Record<string, string>;
  close(): Promise<void>;
}

/** Local doubles of Stripe and PayPal, and the environment that sends the api to them. */
export async function startPaymentDoubles(
  extra: Record<string, string> = {},
): Promise<PaymentDoubles> {
  const stripe = await startStripeDouble();
  const paypal = await startPayPalDouble();
  return {
    stripe,
    paypal,
    env: {
      STRIPE_SECRET_KEY: 'sk_test_silkcart_double',
      STRIPE_WEBHOOK_SECRET,
      STRIPE_CONNECT_WEBHOOK_SECRET,
      STRIPE_API_BASE: stripe.url,
      PAYPAL_CLIENT_ID: paypal.clientId,
      PAYPAL_CLIENT_SECRET: paypal.clientSecret,
      PAYPAL_WEBHOOK_ID: paypal.webhookId,
      PAYPAL_API_BASE: paypal.url,
      ...extra,
    },
    close: async () => {
      await stripe.close();
      await paypal.close();
    },
  };
}
