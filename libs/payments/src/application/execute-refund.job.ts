import { Injectable, OnModuleInit } from '@nestjs/common';
import { JobRegistry, RequestContext } from '@silkcart/shared';
import { PaymentRepository } from '../infrastructure/payment.repository';
import { PaymentGateways } from './payment-gateways';
import { EXECUTE_REFUND_JOB, PaymentLedger } from './payment-ledger';

/**
 * Sends a refund we decided on (a cancelled paid order, a payment for a closed order) to the
 * provider. A retry sends the same refund id as the provider's idempotency key, so the money
 * goes back once however often the job runs.
 */
@Injectable()
export class ExecuteRefundJob implements OnModuleInit {
  constructor(
    private readonly registry: JobRegistry,
    private readonly payments: PaymentRepository,
    private readonly gateways: PaymentGateways,
    private readonly ledger: PaymentLedger,
  ) {}

  onModuleInit(): void {
    this.registry.register<{ refundId: string }>({
      type: EXECUTE_REFUND_JOB,
      handle: (ctx, { refundId }) => this.execute(ctx, refundId),
    });
  }

  async execute(ctx: RequestContext, refundId: string): Promise<void> {
    const refund = await this.payments.lockRefund(ctx, refundId);
    if (!refund || refund.status !== 'pending') return;
    const payment = await this.payments.lock(ctx, refund.paymentId);
    if (!payment?.providerPaymentId) return;
    const result = await this.gateways.of(payment.provider).refund({
      providerPaymentId: payment.providerPaymentId,
      amount: refund.amount,
      currency: payment.currency,
      idempotencyKey: refund.id,
      account: payment.accountId,
    });
    await this.ledger.refundAnswered(ctx, payment, refund.id, result);
  }
}
