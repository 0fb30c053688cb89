import { Injectable } from '@nestjs/common';
import { OrderPlaced, OrderPlacedData } from '@silkcart/ordering';
import { PublishedEvent, RequestContext, Subscribe } from '@silkcart/shared';
import { OrderEmails } from './order-emails';

@Injectable()
@Subscribe(OrderPlaced, { name: 'notifications.send-order-confirmation' })
export class SendOrderConfirmation {
  constructor(private readonly emails: OrderEmails) {}

  async handle(ctx: RequestContext, event: PublishedEvent<OrderPlacedData>): Promise<void> {
    await this.emails.send(ctx, 'order-confirmation', event.data.orderId);
  }
}
