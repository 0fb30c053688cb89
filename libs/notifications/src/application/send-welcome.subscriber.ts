import { Injectable } from '@nestjs/common';
import { UserRegistered, UserRegisteredData } from '@silkcart/identity';
import { PublishedEvent, RequestContext, Subscribe } from '@silkcart/shared';
import { Notifier } from './notifier';

@Injectable()
@Subscribe(UserRegistered, { name: 'notifications.send-welcome' })
export class SendWelcome {
  constructor(private readonly emails: Notifier) {}

  async handle(ctx: RequestContext, event: PublishedEvent<UserRegisteredData>): Promise<void> {
    const { email, name } = event.data;
    await this.emails.email(ctx, { template: 'welcome', to: email, data: { name } });
  }
}
