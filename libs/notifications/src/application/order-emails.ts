import { Injectable } from '@nestjs/common';
import { OrderingFacade, OrderStatusChangedData } from '@silkcart/ordering';
import { RequestContext } from '@silkcart/shared';
import { TenancyFacade } from '@silkcart/tenancy';
import type { EmailTemplate, SmsTemplate } from '../domain/email-message';
import { Notifier } from './notifier';

/**
 * The customer's messages about an order, made from the order as it is now: the email, and
 * for `order-shipped` also an SMS when the store enables SMS and the address has a phone.
 */
@Injectable()
export class OrderEmails {
  constructor(
    private readonly orders: OrderingFacade,
    private readonly tenancy: TenancyFacade,
    private readonly notifier: Notifier,
  ) {}

  /** Answers the email's notification id; null for an order this store does not have. */
  async send(
    ctx: RequestContext,
    template: EmailTemplate,
    orderId: string,
    extra: Partial<OrderStatusChangedData> = {},
    sms?: SmsTemplate,
  ): Promise<string | null> {
    const order = await this.orders.view(ctx, orderId);
    if (!order) return null;
    const data = {
      ...order,
      trackingNumber: extra.trackingNumber ?? null,
      carrier: extra.carrier ?? null,
    };
    const id = await this.notifier.email(ctx, { template, to: order.email, data, orderId });
    const phone = order.shippingAddress.phone;
    if (sms && phone && (await this.tenancy.settingsOf(ctx)).notifications.sms) {
      await this.notifier.sms(ctx, { template: sms, to: phone, data, orderId });
    }
    return id;
  }
}
