import { Injectable } from '@nestjs/common';
import {
  CustomerPasswordResetRequested,
  CustomerPasswordResetRequestedData,
} from '@silkcart/identity';
import { PublishedEvent, RequestContext, Subscribe } from '@silkcart/shared';
import { Notifier } from './notifier';

@Injectable()
@Subscribe(CustomerPasswordResetRequested, {
  name: 'notifications.send-customer-password-reset',
})
export class SendCustomerPasswordReset {
  constructor(private readonly emails: Notifier) {}

  async handle(
    ctx: RequestContext,
    event: PublishedEvent<CustomerPasswordResetRequestedData>,
  ): Promise<void> {
    const { email, name, token, expiresInMinutes, storeSlug } = event.data;
    await this.emails.email(ctx, {
      template: 'customer-password-reset',
      to: email,
      data: { name, token, expiresInMinutes, storeSlug },
    });
  }
}
