import { Injectable } from '@nestjs/common';
import { OrderingFacade, OrderStatusChangedData } from '@silkcart/ordering';
import { RequestContext } from '@silkcart/shared';
import { TenancyFacade } from '@silkcart/tenancy';
import type { EmailTemplate } from '../domain/email-message';
import { EmailQueue } from './email-queue';

/** The customer's email about an order: the order as it is now, with the store's name. */
@Injectable()
export class OrderEmails {
  constructor(
    private readonly orders: OrderingFacade,
    private readonly tenancy: TenancyFacade,
    private readonly emails: EmailQueue,
  ) {}

  async send(
    ctx: RequestContext,
    template: EmailTemplate,
    orderId: string,
    extra: Partial<OrderStatusChangedData> = {},
  ): Promise<void> {
    const order = await this.orders.view(ctx, orderId);
    if (!order) return;
    const store = await this.tenancy.settingsOf(ctx);
    await this.emails.add(ctx, {
      template,
      to: order.email,
      data: {
        ...order,
        trackingNumber: extra.trackingNumber ?? null,
        carrier: extra.carrier ?? null,
        storeName: store.name,
      },
    });
  }
}
