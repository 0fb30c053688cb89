import { Injectable, Logger } from '@nestjs/common';
import { OrderingFacade } from '@silkcart/ordering';
import { RequestContext, StoreId, TenantTx } from '@silkcart/shared';
import type { Provider } from '../domain/payment';
import { PaymentRepository, PaymentRow } from '../infrastructure/payment.repository';
import { StripeAccountRepository } from '../infrastructure/stripe-account.repository';
import type { PaymentFact, VerifiedEvent, WebhookRequest } from './payment-gateway';
import { PaymentGateways } from './payment-gateways';
import { PaymentLedger } from './payment-ledger';

export type EventOutcome = 'applied' | 'duplicate' | 'ignored';

/**
 * A provider's webhook: the signature is verified before anything is read, the event's store
 * found (a Connect event's from the account that sent it, and no other), then the event id is
 * claimed in the inbox in the same transaction as its effect: however often, concurrently or
 * out of order an event comes, it is applied once.
 */
@Injectable()
export class ApplyPaymentEvent {
  private readonly logger = new Logger(ApplyPaymentEvent.name);

  constructor(
    private readonly tx: TenantTx,
    private readonly gateways: PaymentGateways,
    private readonly payments: PaymentRepository,
    private readonly accounts: StripeAccountRepository,
    private readonly ordering: OrderingFacade,
    private readonly ledger: PaymentLedger,
  ) {}

  async execute(
    ctx: RequestContext,
    provider: Provider,
    request: WebhookRequest,
  ): Promise<EventOutcome> {
    const gateway = this.gateways.of(provider);
    gateway.assertConfigured();
    const event = await gateway.verifyEvent(request);
    if (event.fact.kind === 'ignored') return 'ignored';
    const storeId = await this.tx.runAcrossStores(ctx, (c) => this.storeOf(c, provider, event));
    if (!storeId) {
      this.logger.warn({ eventId: event.id, type: event.type }, 'payment event for no store');
      return 'ignored';
    }
    return this.tx.run(ctx.inStore(storeId as StoreId, null), async (c) => {
      if (!(await this.payments.claimEvent(c, provider, event.id, event.type))) return 'duplicate';
      await this.apply(c, provider, event.fact);
      return 'applied' as const;
    });
  }

  /** The store an event belongs to; null when none of ours. */
  private async storeOf(
    ctx: RequestContext,
    provider: Provider,
    event: VerifiedEvent,
  ): Promise<string | null> {
    const { fact } = event;
    if (fact.kind === 'account') return this.accounts.storeOf(ctx, fact.accountId);
    if (event.account) {
      // From a connected account: only the store that owns it, whatever the metadata says.
      const owner = await this.accounts.storeOf(ctx, event.account);
      if (fact.kind !== 'ignored' && 'storeId' in fact && fact.storeId && fact.storeId !== owner) {
        this.logger.warn({ eventId: event.id }, 'Connect event names another store: ignored');
        return null;
      }
      return owner;
    }
    if (fact.kind === 'refunds') {
      return this.payments.storeOfCheckout(ctx, provider, {
        checkoutId: null,
        providerPaymentId: fact.providerPaymentId,
      });
    }
    if (fact.kind !== 'paid' && fact.kind !== 'failed') return null;
    const byCheckout = await this.payments.storeOfCheckout(ctx, provider, fact);
    if (byCheckout) return byCheckout;
    const byOrder = fact.orderId ? await this.ordering.storeOf(ctx, fact.orderId) : null;
    return byOrder && (!fact.storeId || fact.storeId === byOrder) ? byOrder : null;
  }

  private async apply(ctx: RequestContext, provider: Provider, fact: PaymentFact): Promise<void> {
    switch (fact.kind) {
      case 'paid':
      case 'failed': {
        const payment = await this.paymentFor(ctx, provider, fact);
        if (!payment) return;
        if (fact.kind === 'paid') await this.ledger.paid(ctx, payment, fact.providerPaymentId);
        else await this.ledger.failed(ctx, payment, fact.reason);
        return;
      }
      case 'refunds': {
        const payment = await this.payments.lockFor(ctx, provider, {
          providerPaymentId: fact.providerPaymentId,
        });
        if (payment) await this.ledger.refunds(ctx, payment, fact.refunds, fact.amountRefunded);
        return;
      }
      case 'account':
        await this.accounts.save(ctx, fact);
        return;
    }
  }

  /**
   * The payment an outcome is about: by its checkout or provider id; else the order's only
   * checkout with this provider that has no provider id yet (a PaymentIntent reported before
   * its session); else none when the order has several such (the session's own event will
   * say which); else, for an order of this store, one made from the event itself.
   */
  private async paymentFor(
    ctx: RequestContext,
    provider: Provider,
    fact: Extract<PaymentFact, { kind: 'paid' | 'failed' }>,
  ): Promise<PaymentRow | null> {
    const found = await this.payments.lockFor(ctx, provider, fact);
    if (found) return found;
    if (!fact.orderId) return null;
    const open = await this.payments.lockOpenOf(ctx, provider, fact.orderId);
    if (open.length === 1) return open[0];
    if (open.length > 1 && !fact.checkoutId) return null;
    const order = await this.ordering.view(ctx, fact.orderId);
    if (!order) return null;
    return this.payments.insert(ctx, {
      orderId: order.id,
      provider,
      amount: fact.amount ?? order.total,
      currency: order.currency,
      checkoutId: fact.checkoutId ?? (fact.providerPaymentId as string),
      providerPaymentId: fact.providerPaymentId,
      accountId: null,
    });
  }
}
