import { Injectable } from '@nestjs/common';
import { CustomerRegistered, CustomerRegisteredData } from '@silkcart/identity';
import { PublishedEvent, RequestContext, Subscribe } from '@silkcart/shared';
import { Notifier } from './notifier';

@Injectable()
@Subscribe(CustomerRegistered, { name: 'notifications.send-customer-welcome' })
export class SendCustomerWelcome {
  constructor(private readonly emails: Notifier) {}

  async handle(ctx: RequestContext, event: PublishedEvent<CustomerRegisteredData>): Promise<void> {
    const { email, name } = event.data;
    await this.emails.email(ctx, { template: 'customer-welcome', to: email, data: { name } });
  }
}
