import { Injectable } from '@nestjs/common';
import { Outbox, RequestContext } from '@silkcart/shared';
import type { EmailRequest } from '../domain/email-message';
import { SEND_EMAIL_JOB } from './send-email.job';

/** Subscribers decide which email a fact sends; each email is then a job of its own. */
@Injectable()
export class EmailQueue {
  constructor(private readonly outbox: Outbox) {}

  add(ctx: RequestContext, request: EmailRequest): Promise<string> {
    return this.outbox.enqueue(ctx, SEND_EMAIL_JOB, request);
  }
}
