import { Injectable } from '@nestjs/common';
import { PasswordResetRequested, PasswordResetRequestedData } from '@silkcart/identity';
import { PublishedEvent, RequestContext, Subscribe } from '@silkcart/shared';
import { Notifier } from './notifier';

@Injectable()
@Subscribe(PasswordResetRequested, { name: 'notifications.send-password-reset' })
export class SendPasswordReset {
  constructor(private readonly emails: Notifier) {}

  async handle(
    ctx: RequestContext,
    event: PublishedEvent<PasswordResetRequestedData>,
  ): Promise<void> {
    const { email, name, token, expiresInMinutes } = event.data;
    await this.emails.email(ctx, {
      template: 'password-reset',
      to: email,
      data: { name, token, expiresInMinutes },
    });
  }
}
