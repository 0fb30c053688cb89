import { Injectable } from '@nestjs/common';
import { SEND_EMAIL_JOB } from '@silkcart/notifications';
import { Outbox, RequestContext } from '@silkcart/shared';

/** Account emails go out through the outbox, in the transaction that caused them. */
@Injectable()
export class AccountEmails {
  constructor(private readonly outbox: Outbox) {}

  welcome(ctx: RequestContext, to: string, name: string): Promise<string> {
    return this.outbox.enqueue(ctx, SEND_EMAIL_JOB, { template: 'welcome', to, data: { name } });
  }

  passwordReset(ctx: RequestContext, to: string, name: string, token: string): Promise<string> {
    return this.outbox.enqueue(ctx, SEND_EMAIL_JOB, {
      template: 'password-reset',
      to,
      data: { name, token, expiresInMinutes: 60 },
    });
  }
}
