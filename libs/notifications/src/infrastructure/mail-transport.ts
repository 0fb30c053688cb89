import { Injectable, Logger } from '@nestjs/common';
import { Client as SendGridClient } from '@sendgrid/client';
import { MailService } from '@sendgrid/mail';
import { APP_CONFIG, AppConfig } from '@silkcart/shared';
import { createTransport, Transporter } from 'nodemailer';
import type { Accepted, OutgoingEmail } from '../domain/notification';
import { keep } from './kept-messages';

/** Where email leaves: SendGrid, SMTP, or the log; chosen by configuration. */
export abstract class MailTransport {
  abstract readonly name: string;
  abstract send(message: OutgoingEmail): Promise<Accepted>;
}

/**
 * With neither SENDGRID_API_KEY nor SMTP_URL: the message is written to the log, and the
 * latest ones are kept in memory for development tools and tests.
 */
@Injectable()
export class LogMailTransport extends MailTransport {
  readonly name = 'log';
  private readonly logger = new Logger('Mail');
  readonly sent: OutgoingEmail[] = [];

  async send(message: OutgoingEmail): Promise<Accepted> {
    keep(this.sent, message);
    this.logger.log(
      { to: message.to, template: message.template, subject: message.subject, body: message.text },
      'email sent to the log',
    );
    return { providerMessageId: message.messageId };
  }
}

/** SMTP_URL through nodemailer (a pooled connection); the server's queue id is the provider id. */
export class SmtpMailTransport extends MailTransport {
  readonly name = 'smtp';
  private readonly transporter: Transporter;

  constructor(url: string) {
    super();
    this.transporter = createTransport(url);
  }

  async send(message: OutgoingEmail): Promise<Accepted> {
    const info = await this.transporter.sendMail({
      from: message.from,
      to: message.to,
      replyTo: message.replyTo ?? undefined,
      subject: message.subject,
      text: message.text,
      html: message.html,
      messageId: message.messageId,
    });
    // "250 2.0.0 Ok: queued as 4Bq…": keep the server's answer, it names its queue id.
    return { providerMessageId: String(info.response ?? info.messageId) };
  }
}

/** SENDGRID_API_KEY through @sendgrid/mail; SENDGRID_API_BASE points it elsewhere (tests). */
export class SendGridMailTransport extends MailTransport {
  readonly name = 'sendgrid';
  private readonly mail = new MailService();

  constructor(apiKey: string, baseUrl: string | null) {
    super();
    const client = new SendGridClient();
    client.setApiKey(apiKey);
    // After setApiKey, which resets the base URL.
    if (baseUrl) client.setDefaultRequest('baseUrl', baseUrl);
    this.mail.setClient(client);
  }

  async send(message: OutgoingEmail): Promise<Accepted> {
    const [response] = await this.mail.send({
      from: message.from,
      to: message.to,
      replyTo: message.replyTo ?? undefined,
      subject: message.subject,
      text: message.text,
      html: message.html,
      headers: { 'Message-ID': message.messageId },
      customArgs: { notificationId: message.notificationId },
    });
    const id = response.headers['x-message-id'];
    return { providerMessageId: typeof id === 'string' ? id : message.messageId };
  }
}

/** The transport configuration asks for: SendGrid, else SMTP, else the log. */
export const mailTransportProvider = {
  provide: MailTransport,
  inject: [APP_CONFIG, LogMailTransport],
  useFactory: (config: AppConfig, log: LogMailTransport): MailTransport => {
    if (config.mail.sendgridApiKey)
      return new SendGridMailTransport(config.mail.sendgridApiKey, config.mail.sendgridApiBase);
    if (config.mail.smtpUrl) return new SmtpMailTransport(config.mail.smtpUrl);
    return log;
  },
};
