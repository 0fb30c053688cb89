import { Injectable } from '@nestjs/common';
import { OrderPaid, OrderStatusChangedData } from '@silkcart/ordering';
import { PublishedEvent, RequestContext, Subscribe } from '@silkcart/shared';
import { OrderEmails } from './order-emails';

@Injectable()
@Subscribe(OrderPaid, { name: 'notifications.send-payment-received' })
export class SendPaymentReceived {
  constructor(private readonly emails: OrderEmails) {}

  async handle(ctx: RequestContext, event: PublishedEvent<OrderStatusChangedData>): Promise<void> {
    await this.emails.send(ctx, 'payment-received', event.data.orderId);
  }
}
