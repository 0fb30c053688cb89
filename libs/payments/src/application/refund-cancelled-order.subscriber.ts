import { Injectable } from '@nestjs/common';
import { OrderCancelled, OrderStatusChangedData } from '@silkcart/ordering';
import { PublishedEvent, RequestContext, Subscribe } from '@silkcart/shared';
import { PaymentRepository } from '../infrastructure/payment.repository';
import { PaymentLedger } from './payment-ledger';

/** A paid order was cancelled: everything it paid goes back, in full. */
@Injectable()
@Subscribe(OrderCancelled, { name: 'payments.refund-cancelled-order' })
export class RefundCancelledOrder {
  constructor(
    private readonly payments: PaymentRepository,
    private readonly ledger: PaymentLedger,
  ) {}

  async handle(ctx: RequestContext, event: PublishedEvent<OrderStatusChangedData>): Promise<void> {
    if (event.data.from !== 'paid') return;
    for (const payment of await this.payments.lockSucceededOf(ctx, event.data.orderId)) {
      await this.ledger.giveBack(ctx, payment, 'order_cancelled');
    }
    await this.ledger.show(ctx, event.data.orderId);
  }
}
