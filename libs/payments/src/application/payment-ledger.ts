import { Injectable } from '@nestjs/common';
import { OrderingFacade } from '@silkcart/ordering';
import { EventBus, Metrics, Outbox, RequestContext } from '@silkcart/shared';
import { refundable, refundOutcome, RefundStatus } from '../domain/payment';
import { PaymentFailed } from '../domain/payment-events';
import { PaymentRepository, PaymentRow } from '../infrastructure/payment.repository';

export const EXECUTE_REFUND_JOB = 'payments.execute-refund';

/**
 * Where provider outcomes meet our books, whoever reports them (a webhook, a capture answer,
 * a refund answer). Each step is guarded by the payment's or refund's row lock and its current
 * status, so a fact reported twice, late or out of order changes nothing the second time.
 */
@Injectable()
export class PaymentLedger {
  constructor(
    private readonly payments: PaymentRepository,
    private readonly ordering: OrderingFacade,
    private readonly events: EventBus,
    private readonly outbox: Outbox,
    private readonly metrics: Metrics,
  ) {}

  /**
   * The payment took the money. The order becomes paid. An order that was cancelled or has
   * expired meanwhile stays so, and one already paid by another checkout (a second tab) stays
   * paid: either way this money goes back, all of it.
   */
  async paid(ctx: RequestContext, payment: PaymentRow, providerPaymentId: string | null) {
    if (payment.status === 'succeeded') return 'already' as const;
    await this.payments.setOutcome(ctx, payment.id, 'succeeded', providerPaymentId);
    this.count(ctx, 'succeeded');
    const outcome = await this.ordering.markPaid(ctx, payment.orderId);
    if (outcome !== 'applied') {
      await this.giveBack(ctx, { ...payment, status: 'succeeded' }, 'late_payment');
    }
    await this.show(ctx, payment.orderId);
    return outcome;
  }

  /** An attempt failed: the order stays payable; a late failure never un-pays. */
  async failed(ctx: RequestContext, payment: PaymentRow, reason: string | null): Promise<void> {
    if (payment.status !== 'pending') return;
    await this.payments.setOutcome(ctx, payment.id, 'failed', null);
    this.count(ctx, 'failed');
    await this.events.publish(ctx, PaymentFailed, {
      orderId: payment.orderId,
      paymentId: payment.id,
      provider: payment.provider,
      amount: payment.amount,
      reason,
    });
    await this.show(ctx, payment.orderId);
  }

  /**
   * Refunds the provider reports on a payment: ours are settled, ones made elsewhere (the
   * provider's dashboard) recorded. When the provider only gives the amount refunded in all,
   * our pending refunds are settled oldest first up to it and the rest recorded as made
   * elsewhere. The order follows once, when the refunded amount changed.
   */
  async refunds(
    ctx: RequestContext,
    payment: PaymentRow,
    reported: Array<{ providerRefundId: string; amount: number; status: RefundStatus }>,
    amountRefunded: number | null = null,
  ): Promise<void> {
    for (const r of reported) {
      const known = await this.payments.refundByProviderId(ctx, payment.id, r.providerRefundId);
      if (known) {
        await this.payments.settleRefund(ctx, known.id, r.status, null);
      } else if (r.status !== 'failed') {
        const row = await this.payments.insertRefund(ctx, {
          paymentId: payment.id,
          orderId: payment.orderId,
          amount: r.amount,
          reason: 'external',
        });
        await this.payments.settleRefund(ctx, row.id, r.status, r.providerRefundId);
      }
    }
    if (amountRefunded !== null) await this.settleUpTo(ctx, payment, amountRefunded);
    await this.refundsSettled(ctx, payment);
  }

  private async settleUpTo(ctx: RequestContext, payment: PaymentRow, total: number) {
    const refunds = await this.payments.refundsOf(ctx, payment.id);
    let settled = refunds.filter((r) => r.status === 'succeeded').reduce((s, r) => s + r.amount, 0);
    for (const r of refunds.filter((x) => x.status === 'pending')) {
      if (settled + r.amount > total) break;
      await this.payments.settleRefund(ctx, r.id, 'succeeded', null);
      settled += r.amount;
    }
    if (settled < total) {
      const row = await this.payments.insertRefund(ctx, {
        paymentId: payment.id,
        orderId: payment.orderId,
        amount: total - settled,
        reason: 'external',
      });
      await this.payments.settleRefund(ctx, row.id, 'succeeded', null);
    }
  }

  /**
   * The provider's answer to a refund we asked for. When its webhook came first (a retry after
   * a lost commit), the refund was recorded as made elsewhere: that record gives way to ours.
   */
  async refundAnswered(
    ctx: RequestContext,
    payment: PaymentRow,
    refundId: string,
    answer: { providerRefundId: string; status: RefundStatus },
  ): Promise<void> {
    const recorded = await this.payments.refundByProviderId(
      ctx,
      payment.id,
      answer.providerRefundId,
    );
    if (recorded && recorded.id !== refundId) await this.payments.deleteRefund(ctx, recorded.id);
    await this.payments.settleRefund(ctx, refundId, answer.status, answer.providerRefundId);
    await this.refundsSettled(ctx, payment);
  }

  /** After a refund's status changed: the payment's refunded amount, then the order's status. */
  async refundsSettled(ctx: RequestContext, payment: PaymentRow): Promise<void> {
    const refunded = await this.payments.recountRefunded(ctx, payment.id);
    if (refunded !== payment.amountRefunded && refunded > 0) {
      const refunds = await this.payments.refundsOf(ctx, payment.id);
      // Money given back for a cancelled or expired order leaves the order as it is.
      if (!refunds.some((r) => r.reason === 'late_payment' || r.reason === 'order_cancelled')) {
        await this.ordering.markRefunded(
          ctx,
          payment.orderId,
          refundOutcome(payment.amount, refunded),
        );
      }
    }
    await this.show(ctx, payment.orderId);
  }

  /** Refunds what is left of a payment, by a job (the provider call is retried alone). */
  async giveBack(
    ctx: RequestContext,
    payment: PaymentRow,
    reason: 'late_payment' | 'order_cancelled',
  ): Promise<void> {
    const left = refundable(payment.amount, await this.payments.refundsOf(ctx, payment.id));
    if (left === 0) return;
    const refund = await this.payments.insertRefund(ctx, {
      paymentId: payment.id,
      orderId: payment.orderId,
      amount: left,
      reason,
    });
    await this.outbox.enqueue(ctx, EXECUTE_REFUND_JOB, { refundId: refund.id });
  }

  /** The order shows its payments as they now stand. */
  async show(ctx: RequestContext, orderId: string): Promise<void> {
    await this.ordering.showPayments(ctx, orderId, await this.payments.viewsOf(ctx, orderId));
  }

  private count(ctx: RequestContext, status: 'succeeded' | 'failed'): void {
    const store = ctx.storeId as string;
    ctx.afterCommit(() => this.metrics.payments.inc({ store, status }));
  }
}
