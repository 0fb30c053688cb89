import { Injectable } from '@nestjs/common';
import { OrderingFacade, OrderView } from '@silkcart/ordering';
import { RequestContext, TenantTx } from '@silkcart/shared';
import { CheckoutNotFound, OrderNotPayable, PaymentDeclined } from '../domain/payments.errors';
import { PaymentRepository, PaymentRow } from '../infrastructure/payment.repository';
import { PaymentGateways } from './payment-gateways';
import { PaymentLedger } from './payment-ledger';
import { OrderStore } from './order-store';

/** A declined capture: the failure is recorded (the transaction commits), the order stays payable. */
class CaptureDeclined extends PaymentDeclined {
  override readonly keepsChanges = true;
}

/**
 * Captures a PayPal order the payer approved. The answer and PAYMENT.CAPTURE.COMPLETED are
 * the same fact: whichever comes first marks the order paid (under the payment's row lock),
 * the other finds it paid and changes nothing.
 */
@Injectable()
export class CapturePayPalOrder {
  constructor(
    private readonly tx: TenantTx,
    private readonly orderStore: OrderStore,
    private readonly ordering: OrderingFacade,
    private readonly gateways: PaymentGateways,
    private readonly payments: PaymentRepository,
    private readonly ledger: PaymentLedger,
  ) {}

  async execute(
    ctx: RequestContext,
    paypalOrderId: string,
    input: { orderId: string; orderToken: string },
  ): Promise<OrderView> {
    this.gateways.paypal.assertConfigured();
    const inStore = await this.orderStore.contextOf(ctx, input.orderId);
    return this.tx.run(inStore, async (c) => {
      const order = await this.ordering.viewWithToken(c, input.orderId, input.orderToken);
      if (!order) throw new CheckoutNotFound();
      const payment = await this.payments.lockFor(c, 'paypal', { checkoutId: paypalOrderId });
      if (!payment || payment.orderId !== input.orderId) throw new CheckoutNotFound();
      if (payment.status !== 'succeeded') {
        // No money is taken for an order that can no longer be paid: cancelled, expired, or
        // paid already through another checkout.
        if (order.status !== 'pending_payment') throw new OrderNotPayable(order.status);
        await this.capture(c, payment);
      }
      return (await this.ordering.view(c, input.orderId)) as OrderView;
    });
  }

  /**
   * The payer is back on our return page (PayPal adds `token`, its order id): capture it
   * there, so an order paid without a shop of its own calling capture is still taken. Answers
   * what the page should say; nothing is thrown at the payer.
   */
  async onReturn(
    ctx: RequestContext,
    paypalOrderId: string,
  ): Promise<'paid' | 'pending' | 'declined'> {
    if (!paypalOrderId || paypalOrderId.length > 64) return 'pending';
    try {
      this.gateways.paypal.assertConfigured();
    } catch {
      return 'pending';
    }
    return this.tx.run(ctx, async (c) => {
      const payment = await this.payments.lockFor(c, 'paypal', { checkoutId: paypalOrderId });
      if (!payment) return 'pending';
      if (payment.status === 'succeeded') return 'paid';
      if ((await this.ordering.statusOf(c, payment.orderId)) !== 'pending_payment')
        return 'pending';
      try {
        await this.capture(c, payment);
        return 'paid';
      } catch (err) {
        if (err instanceof PaymentDeclined) return 'declined';
        throw err;
      }
    });
  }

  private async capture(ctx: RequestContext, payment: PaymentRow): Promise<void> {
    const result = await this.gateways.paypal.capture(
      payment.checkoutId,
      `silkcart-capture-${payment.id}`,
      null,
    );
    if (result.status === 'succeeded') {
      await this.ledger.paid(ctx, payment, result.providerPaymentId);
    } else if (result.status === 'failed') {
      await this.ledger.failed(ctx, payment, result.reason);
      throw new CaptureDeclined(
        `PayPal declined the capture${result.reason ? ` (${result.reason})` : ''}; the order can still be paid`,
      );
    }
  }
}
