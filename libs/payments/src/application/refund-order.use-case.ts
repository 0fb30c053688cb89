import { Injectable } from '@nestjs/common';
import { OrderingFacade } from '@silkcart/ordering';
import type { RequestContext } from '@silkcart/shared';
import { refundable } from '../domain/payment';
import type { RefundView } from '@silkcart/ordering';
import { CheckoutNotFound, OrderNotPaid, RefundTooLarge } from '../domain/payments.errors';
import { PaymentRepository } from '../infrastructure/payment.repository';
import { PaymentGateways } from './payment-gateways';
import { PaymentLedger } from './payment-ledger';

const REFUNDABLE = ['paid', 'fulfilled', 'partially_refunded'];

/**
 * A merchant's refund, all that is left by default, to the provider that took the payment.
 * The payment's row lock is held from the check to the answer, so two refunds at once cannot
 * take more than was paid. The provider's idempotency key is made from what the request
 * decided (the payment, how many refunds it had asked for, the amount), not from the refund row: when
 * the provider refunded but our transaction did not commit (a timeout, a crash), the retry
 * sends the same key and the provider answers the refund it made, instead of a second one.
 */
@Injectable()
export class RefundOrder {
  constructor(
    private readonly ordering: OrderingFacade,
    private readonly payments: PaymentRepository,
    private readonly gateways: PaymentGateways,
    private readonly ledger: PaymentLedger,
  ) {}

  async execute(ctx: RequestContext, orderId: string, amount?: number): Promise<RefundView> {
    const status = await this.ordering.statusOf(ctx, orderId);
    if (!status) throw new CheckoutNotFound();
    if (!REFUNDABLE.includes(status)) throw new OrderNotPaid();
    const [payment] = await this.payments.lockSucceededOf(ctx, orderId);
    if (!payment) throw new OrderNotPaid();
    const refunds = await this.payments.refundsOf(ctx, payment.id);
    const left = refundable(payment.amount, refunds);
    const wanted = amount ?? left;
    if (left === 0 || wanted > left) throw new RefundTooLarge(left);
    const gateway = this.gateways.of(payment.provider);
    gateway.assertConfigured();
    const refund = await this.payments.insertRefund(ctx, {
      paymentId: payment.id,
      orderId,
      amount: wanted,
      reason: 'requested',
    });
    const result = await gateway.refund({
      providerPaymentId: payment.providerPaymentId as string,
      amount: wanted,
      currency: payment.currency,
      idempotencyKey: `${payment.id}-${refunds.filter((r) => r.reason !== 'external').length}-${wanted}`,
      account: payment.accountId,
    });
    await this.ledger.refundAnswered(ctx, payment, refund.id, result);
    return { id: refund.id, amount: wanted, status: result.status, createdAt: refund.createdAt };
  }
}
