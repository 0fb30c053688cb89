import { Injectable, Logger } from '@nestjs/common';
import type { EmailMessage } from '../domain/email-message';

/** Where email leaves: the log by default; SMTP or SendGrid when configured. */
export abstract class MailTransport {
  abstract readonly name: string;
  abstract send(message: EmailMessage): Promise<void>;
}

const KEEP = 200;

/**
 * With neither SENDGRID_API_KEY nor SMTP_URL: the message is rendered and written to the
 * log, and the latest ones are kept in memory for development tools and tests.
 */
@Injectable()
export class LogMailTransport extends MailTransport {
  readonly name = 'log';
  private readonly logger = new Logger('Mail');
  readonly sent: EmailMessage[] = [];

  async send(message: EmailMessage): Promise<void> {
    this.sent.push(message);
    if (this.sent.length > KEEP) this.sent.shift();
    this.logger.log(
      { to: message.to, template: message.template, subject: message.subject, body: message.text },
      'email sent to the log',
    );
  }
}
