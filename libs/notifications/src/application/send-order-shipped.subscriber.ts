import { Injectable } from '@nestjs/common';
import { OrderFulfilled, OrderStatusChangedData } from '@silkcart/ordering';
import { PublishedEvent, RequestContext, Subscribe } from '@silkcart/shared';
import { OrderEmails } from './order-emails';

@Injectable()
@Subscribe(OrderFulfilled, { name: 'notifications.send-order-shipped' })
export class SendOrderShipped {
  constructor(private readonly emails: OrderEmails) {}

  async handle(ctx: RequestContext, event: PublishedEvent<OrderStatusChangedData>): Promise<void> {
    await this.emails.send(ctx, 'order-shipped', event.data.orderId, event.data, 'order-shipped');
  }
}
