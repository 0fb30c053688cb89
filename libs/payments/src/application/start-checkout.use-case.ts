import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { OrderingFacade, OrderView } from '@silkcart/ordering';
import { APP_CONFIG, AppConfig, Idempotency, RequestContext } from '@silkcart/shared';
import { TenancyFacade } from '@silkcart/tenancy';
import { platformFee, Provider } from '../domain/payment';
import { CheckoutNotFound, OrderNotPayable } from '../domain/payments.errors';
import { PaymentRepository } from '../infrastructure/payment.repository';
import { StripeAccountRepository } from '../infrastructure/stripe-account.repository';
import { PaymentGateways } from './payment-gateways';
import { PaymentLedger } from './payment-ledger';
import { OrderStore } from './order-store';

export interface StartCheckoutInput {
  orderId: string;
  orderToken: string;
  returnUrl?: string;
  cancelUrl?: string;
}

export interface CheckoutStarted {
  checkoutId: string;
  url: string;
}

/**
 * A Stripe Checkout Session or a PayPal order for an order that waits for payment, made
 * from the order as it is (items, totals, currency), with the store taken from the order.
 * The caller's Idempotency-Key makes a retry answer the first checkout, and the provider's
 * own idempotency key is derived from it, so a retry never makes a second one there either.
 */
@Injectable()
export class StartCheckout {
  constructor(
    private readonly orderStore: OrderStore,
    private readonly idempotency: Idempotency,
    private readonly ordering: OrderingFacade,
    private readonly tenancy: TenancyFacade,
    private readonly gateways: PaymentGateways,
    private readonly payments: PaymentRepository,
    private readonly accounts: StripeAccountRepository,
    private readonly ledger: PaymentLedger,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(
    ctx: RequestContext,
    provider: Provider,
    input: StartCheckoutInput,
    key: { value: string | undefined; requestHash: string },
  ): Promise<{ checkout: CheckoutStarted; replayed: boolean }> {
    const gateway = this.gateways.of(provider);
    gateway.assertConfigured();
    const inStore = await this.orderStore.contextOf(ctx, input.orderId);
    const result = await this.idempotency.run(inStore, key.value, key.requestHash, async (c) => {
      const order = await this.ordering.viewWithToken(c, input.orderId, input.orderToken);
      if (!order) throw new CheckoutNotFound();
      if (order.status !== 'pending_payment') throw new OrderNotPayable(order.status);
      return { status: 201, body: await this.start(c, provider, order, input, key.value) };
    });
    return { checkout: result.body as CheckoutStarted, replayed: result.replayed };
  }

  private async start(
    ctx: RequestContext,
    provider: Provider,
    order: OrderView,
    input: StartCheckoutInput,
    key: string | undefined,
  ): Promise<CheckoutStarted> {
    const storeId = ctx.storeId as string;
    const store = await this.tenancy.settingsOf(ctx);
    const account =
      provider === 'stripe' ? ((await this.accounts.find(ctx))?.accountId ?? null) : null;
    const pages = `${this.config.publicUrl}/api/v1/catalog/${store.slug}/checkout`;
    const query = provider === 'stripe' ? '?session_id={CHECKOUT_SESSION_ID}' : '';
    const created = await this.gateways.of(provider).createCheckout({
      order: { ...order, storeId },
      returnUrl: input.returnUrl ?? `${pages}/success${query}`,
      cancelUrl: input.cancelUrl ?? `${pages}/cancel`,
      // Short whatever the caller's key (PayPal takes 108 characters, Stripe 255).
      idempotencyKey: key
        ? `silkcart-${createHash('sha256').update(`${storeId}\n${key}`).digest('hex').slice(0, 40)}`
        : null,
      account,
      applicationFee: account
        ? platformFee(order.total, this.config.stripe.platformFeePercent)
        : null,
    });
    await this.payments.insert(ctx, {
      orderId: order.id,
      provider,
      amount: order.total,
      currency: order.currency,
      checkoutId: created.checkoutId,
      providerPaymentId: created.providerPaymentId,
      accountId: account,
    });
    await this.ledger.show(ctx, order.id);
    return { checkoutId: created.checkoutId, url: created.url };
  }
}
