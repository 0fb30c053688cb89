import { Injectable } from '@nestjs/common';
import { UserRegistered, UserRegisteredData } from '@silkcart/identity';
import { PublishedEvent, RequestContext, Subscribe } from '@silkcart/shared';
import { EmailQueue } from './email-queue';

@Injectable()
@Subscribe(UserRegistered, { name: 'notifications.send-welcome' })
export class SendWelcome {
  constructor(private readonly emails: EmailQueue) {}

  async handle(ctx: RequestContext, event: PublishedEvent<UserRegisteredData>): Promise<void> {
    const { email, name } = event.data;
    await this.emails.add(ctx, { template: 'welcome', to: email, data: { name } });
  }
}
