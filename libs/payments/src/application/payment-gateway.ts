import type { Provider, RefundStatus } from '../domain/payment';

/** The order snapshot a checkout is made from; prices as the order has them. */
export interface CheckoutOrder {
  id: string;
  storeId: string;
  number: number;
  email: string;
  currency: string;
  items: Array<{ title: string; unitPrice: number; quantity: number }>;
  subtotal: number;
  discountTotal: number;
  shippingTotal: number;
  taxTotal: number;
  total: number;
}

export interface CheckoutRequest {
  order: CheckoutOrder;
  returnUrl: string;
  cancelUrl: string;
  /** Derived from the caller's Idempotency-Key, so a retry makes no second checkout. */
  idempotencyKey: string | null;
  /** The store's Stripe connected account, when it has one. */
  account: string | null;
  /** The platform's fee in minor units, on connected accounts. */
  applicationFee: number | null;
}

export interface CheckoutCreated {
  /** Stripe Checkout Session id / PayPal order id. */
  checkoutId: string;
  url: string;
  /** The PaymentIntent when the provider made one already. */
  providerPaymentId: string | null;
}

export interface CaptureResult {
  status: 'succeeded' | 'failed' | 'pending';
  /** Stripe PaymentIntent id / PayPal capture id. */
  providerPaymentId: string | null;
  amount: number | null;
  reason: string | null;
}

export interface RefundRequest {
  providerPaymentId: string;
  amount: number;
  currency: string;
  /** Our refund id: the provider makes one refund however often it is asked. */
  idempotencyKey: string;
  account: string | null;
}

export interface RefundResult {
  providerRefundId: string;
  status: RefundStatus;
}

/** What a verified provider event means to us, whatever the provider. */
export type PaymentFact =
  | {
      kind: 'paid' | 'failed';
      checkoutId: string | null;
      providerPaymentId: string | null;
      /** Our order and store, from the metadata we set on the checkout. */
      orderId: string | null;
      storeId: string | null;
      amount: number | null;
      reason: string | null;
    }
  | {
      kind: 'refunds';
      providerPaymentId: string;
      /** Refunds the provider names (PayPal's event names one; Stripe's charge none). */
      refunds: Array<{ providerRefundId: string; amount: number; status: RefundStatus }>;
      /** All the provider has refunded on the payment, when it says (Stripe's charge). */
      amountRefunded: number | null;
    }
  | {
      kind: 'account';
      accountId: string;
      chargesEnabled: boolean;
      payoutsEnabled: boolean;
      detailsSubmitted: boolean;
    }
  | { kind: 'ignored' };

export interface VerifiedEvent {
  id: string;
  type: string;
  /** The connected account the event comes from (Stripe Connect). */
  account: string | null;
  fact: PaymentFact;
}

export interface WebhookRequest {
  rawBody: Buffer;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * A payment provider: create a checkout, capture it where the provider needs that, refund,
 * and verify then read its events. Answers in our terms; failures are ProviderFailed (502)
 * or ProviderNotConfigured (503).
 */
export abstract class PaymentGateway {
  abstract readonly provider: Provider;
  /** Throws ProviderNotConfigured naming the variables when credentials are missing. */
  abstract assertConfigured(): void;
  abstract createCheckout(request: CheckoutRequest): Promise<CheckoutCreated>;
  abstract capture(
    checkoutId: string,
    idempotencyKey: string,
    account: string | null,
  ): Promise<CaptureResult>;
  abstract refund(request: RefundRequest): Promise<RefundResult>;
  /** Verifies the signature before parsing anything; a bad one is InvalidWebhook (400). */
  abstract verifyEvent(request: WebhookRequest): Promise<VerifiedEvent>;
}
