import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig, onFirstUse } from '@silkcart/shared';
import type Stripe from 'stripe';
import {
  CaptureResult,
  CheckoutCreated,
  CheckoutRequest,
  PaymentFact,
  PaymentGateway,
  RefundRequest,
  RefundResult,
  VerifiedEvent,
  WebhookRequest,
} from '../application/payment-gateway';
import type { RefundStatus } from '../domain/payment';
import { InvalidWebhook, ProviderFailed, ProviderNotConfigured } from '../domain/payments.errors';

/** Signatures older than this are refused (the contract's 5 minutes). */
const TOLERANCE_SECONDS = 300;
const TIMEOUT_MS = 20_000;

/**
 * The SDK, required on first use rather than at startup (loading it costs about 0.1 s, for a
 * provider many deployments never call).
 */
const stripeSdk = onFirstUse<typeof Stripe>('stripe');

function stripeConfig(apiBase: string | null): Stripe.StripeConfig {
  const base: Stripe.StripeConfig = { maxNetworkRetries: 2, timeout: TIMEOUT_MS };
  if (!apiBase) return base;
  const url = new URL(apiBase);
  return {
    ...base,
    host: url.hostname,
    port: url.port || (url.protocol === 'https:' ? 443 : 80),
    protocol: url.protocol === 'https:' ? 'https' : 'http',
  };
}

const idOf = (value: string | { id: string } | null | undefined): string | null =>
  value == null ? null : typeof value === 'string' ? value : value.id;

function refundStatus(status: string | null): RefundStatus {
  if (status === 'succeeded') return 'succeeded';
  if (status === 'failed' || status === 'canceled') return 'failed';
  return 'pending';
}

/** Stripe through its official SDK: Checkout Sessions, refunds, Connect, signed events. */
@Injectable()
export class StripeGateway extends PaymentGateway {
  readonly provider = 'stripe' as const;
  private client: Stripe | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    super();
  }

  assertConfigured(): void {
    const { secretKey, webhookSecret } = this.config.stripe;
    if (!secretKey || !webhookSecret)
      throw new ProviderNotConfigured('Stripe', ['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET']);
  }

  private get stripe(): Stripe {
    this.assertConfigured();
    this.client ??= new (stripeSdk())(
      this.config.stripe.secretKey as string,
      stripeConfig(this.config.stripe.apiBase),
    );
    return this.client;
  }

  /** Runs a call; Stripe's failures (network, 5xx, refusals of our request) become a 502. */
  private async call<T>(what: string, work: (stripe: Stripe) => Promise<T>): Promise<T> {
    const stripe = this.stripe;
    try {
      return await work(stripe);
    } catch (err) {
      if (err instanceof stripeSdk().errors.StripeError) {
        throw new ProviderFailed('Stripe', `${what}: ${err.message}`);
      }
      throw err;
    }
  }

  async createCheckout(request: CheckoutRequest): Promise<CheckoutCreated> {
    const { order } = request;
    const currency = order.currency.toLowerCase();
    const metadata = { orderId: order.id, storeId: order.storeId };
    const session = await this.call('creating a Checkout Session', (stripe) =>
      stripe.checkout.sessions.create(
        {
          mode: 'payment',
          line_items: checkoutLines(order).map((line) => ({
            quantity: line.quantity,
            price_data: { currency, unit_amount: line.amount, product_data: { name: line.name } },
          })),
          client_reference_id: order.id,
          customer_email: order.email,
          metadata,
          payment_intent_data: {
            metadata,
            ...(request.applicationFee !== null && request.account
              ? { application_fee_amount: request.applicationFee }
              : {}),
          },
          success_url: request.returnUrl,
          cancel_url: request.cancelUrl,
        },
        {
          ...(request.idempotencyKey ? { idempotencyKey: request.idempotencyKey } : {}),
          ...(request.account ? { stripeAccount: request.account } : {}),
        },
      ),
    );
    if (!session.url) throw new ProviderFailed('Stripe', 'the Checkout Session has no url');
    return {
      checkoutId: session.id,
      url: session.url,
      providerPaymentId: idOf(session.payment_intent),
    };
  }

  /** Checkout captures by itself: this reads where the session stands. */
  async capture(checkoutId: string, _key: string, account: string | null): Promise<CaptureResult> {
    const session = await this.call('reading a Checkout Session', (stripe) =>
      stripe.checkout.sessions.retrieve(checkoutId, {}, account ? { stripeAccount: account } : {}),
    );
    return {
      status: session.payment_status === 'paid' ? 'succeeded' : 'pending',
      providerPaymentId: idOf(session.payment_intent),
      amount: session.amount_total,
      reason: null,
    };
  }

  async refund(request: RefundRequest): Promise<RefundResult> {
    const refund = await this.call('refunding', (stripe) =>
      stripe.refunds.create(
        { payment_intent: request.providerPaymentId, amount: request.amount },
        {
          idempotencyKey: `silkcart-refund-${request.idempotencyKey}`,
          ...(request.account ? { stripeAccount: request.account } : {}),
        },
      ),
    );
    return { providerRefundId: refund.id, status: refundStatus(refund.status) };
  }

  /** Connect: an Express account for a store. */
  async createAccount(storeId: string, idempotencyKey: string): Promise<Stripe.Account> {
    return this.call('creating a connected account', (stripe) =>
      stripe.accounts.create(
        {
          type: 'express',
          metadata: { storeId },
          capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
        },
        { idempotencyKey },
      ),
    );
  }

  async retrieveAccount(accountId: string): Promise<Stripe.Account> {
    return this.call('reading a connected account', (stripe) =>
      stripe.accounts.retrieve(accountId),
    );
  }

  async onboardingLink(accountId: string, refreshUrl: string, returnUrl: string): Promise<string> {
    const link = await this.call('creating an account link', (stripe) =>
      stripe.accountLinks.create({
        account: accountId,
        refresh_url: refreshUrl,
        return_url: returnUrl,
        type: 'account_onboarding',
      }),
    );
    return link.url;
  }

  async verifyEvent({ rawBody, headers }: WebhookRequest): Promise<VerifiedEvent> {
    const header = headers['stripe-signature'];
    if (typeof header !== 'string' || header.length === 0)
      throw new InvalidWebhook('Missing Stripe-Signature header');
    const stripe = this.stripe;
    const { webhookSecret, connectWebhookSecret } = this.config.stripe;
    const verify = (secret: string | null): Stripe.Event | null => {
      if (!secret) return null;
      try {
        return stripe.webhooks.constructEvent(rawBody, header, secret, TOLERANCE_SECONDS);
      } catch (err) {
        if (err instanceof stripeSdk().errors.StripeSignatureVerificationError) return null;
        throw err;
      }
    };
    // The platform's endpoint signs the platform's events, the Connect endpoint connected
    // accounts' events (which name their `account`); each secret verifies its own kind only.
    const platform = verify(webhookSecret);
    const connect =
      connectWebhookSecret === webhookSecret ? platform : verify(connectWebhookSecret);
    const event =
      platform && (!platform.account || connectWebhookSecret === webhookSecret)
        ? platform
        : connect?.account
          ? connect
          : null;
    if (!event) throw new InvalidWebhook('The Stripe-Signature does not verify (or is too old)');
    return { id: event.id, type: event.type, account: event.account ?? null, fact: factOf(event) };
  }
}

/** What a Stripe event means to us; types we do not act on are ignored. */
function factOf(event: Stripe.Event): PaymentFact {
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded':
    case 'checkout.session.async_payment_failed': {
      const session = event.data.object;
      const failed = event.type === 'checkout.session.async_payment_failed';
      if (!failed && session.payment_status !== 'paid') return { kind: 'ignored' };
      return {
        kind: failed ? 'failed' : 'paid',
        checkoutId: session.id,
        providerPaymentId: idOf(session.payment_intent),
        orderId: session.metadata?.orderId ?? session.client_reference_id ?? null,
        storeId: session.metadata?.storeId ?? null,
        amount: session.amount_total,
        reason: failed ? 'the delayed payment failed' : null,
      };
    }
    case 'payment_intent.succeeded':
    case 'payment_intent.payment_failed': {
      const intent = event.data.object;
      return {
        kind: event.type === 'payment_intent.succeeded' ? 'paid' : 'failed',
        checkoutId: null,
        providerPaymentId: intent.id,
        orderId: intent.metadata?.orderId ?? null,
        storeId: intent.metadata?.storeId ?? null,
        amount: intent.amount_received || intent.amount,
        reason: intent.last_payment_error?.message ?? null,
      };
    }
    case 'charge.refunded': {
      const charge = event.data.object;
      const intent = idOf(charge.payment_intent);
      if (!intent) return { kind: 'ignored' };
      // Since API 2022-11-15 a charge carries no refunds list, only the amount refunded.
      const refunds = (charge.refunds?.data ?? []).map((r) => ({
        providerRefundId: r.id,
        amount: r.amount,
        status: refundStatus(r.status),
      }));
      return {
        kind: 'refunds',
        providerPaymentId: intent,
        refunds,
        amountRefunded: charge.amount_refunded,
      };
    }
    case 'charge.refund.updated':
    case 'refund.updated': {
      // A refund that was pending settles (bank debits, some wallets): it names itself.
      const refund = event.data.object;
      const intent = idOf(refund.payment_intent);
      if (!intent) return { kind: 'ignored' };
      return {
        kind: 'refunds',
        providerPaymentId: intent,
        refunds: [
          {
            providerRefundId: refund.id,
            amount: refund.amount,
            status: refundStatus(refund.status),
          },
        ],
        amountRefunded: null,
      };
    }
    case 'account.updated': {
      const account = event.data.object;
      return {
        kind: 'account',
        accountId: account.id,
        chargesEnabled: account.charges_enabled ?? false,
        payoutsEnabled: account.payouts_enabled ?? false,
        detailsSubmitted: account.details_submitted ?? false,
      };
    }
    default:
      return { kind: 'ignored' };
  }
}

/**
 * The order as Checkout line items adding up to its total: its items, shipping and tax (when
 * prices exclude it). A discount cannot be a negative line, so a discounted order is one line.
 */
export function checkoutLines(order: CheckoutRequest['order']) {
  const lines = order.items.map((i) => ({
    name: i.title,
    amount: i.unitPrice,
    quantity: i.quantity,
  }));
  if (order.shippingTotal > 0)
    lines.push({ name: 'Shipping', amount: order.shippingTotal, quantity: 1 });
  const rest = order.total - lines.reduce((sum, l) => sum + l.amount * l.quantity, 0);
  if (rest > 0) lines.push({ name: 'Tax', amount: rest, quantity: 1 });
  if (rest < 0) return [{ name: `Order ${order.number}`, amount: order.total, quantity: 1 }];
  return lines;
}
