import { Injectable, Logger } from '@nestjs/common';
import type { Client as SendGridClient } from '@sendgrid/client';
import type { MailService } from '@sendgrid/mail';
import { APP_CONFIG, AppConfig, onFirstUse } from '@silkcart/shared';
import type { Transporter } from 'nodemailer';
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

/*
 * The SDKs below are required when the first message leaves, not at startup: loading
 * @sendgrid/mail alone takes about 0.1 s.
 */
const nodemailer = onFirstUse<typeof import('nodemailer')>('nodemailer');
const sendGridClient = onFirstUse<{ Client: typeof SendGridClient }>('@sendgrid/client');
const sendGridMail = onFirstUse<{ MailService: typeof MailService }>('@sendgrid/mail');
const sendGrid = () => ({
  Client: sendGridClient().Client,
  MailService: sendGridMail().MailService,
});

/** SMTP_URL through nodemailer (a pooled connection); the server's queue id is the provider id. */
export class SmtpMailTransport extends MailTransport {
  readonly name = 'smtp';
  private smtp: Transporter | null = null;

  constructor(private readonly url: string) {
    super();
  }

  private get transporter(): Transporter {
    this.smtp ??= nodemailer().createTransport(this.url);
    return this.smtp;
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
  private service: MailService | null = null;

  constructor(
    private readonly apiKey: string,
    private readonly baseUrl: string | null,
  ) {
    super();
  }

  private get mail(): MailService {
    if (!this.service) {
      const sdk = sendGrid();
      const client = new sdk.Client();
      client.setApiKey(this.apiKey);
      // After setApiKey, which resets the base URL.
      if (this.baseUrl) client.setDefaultRequest('baseUrl', this.baseUrl);
      const service = new sdk.MailService();
      service.setClient(client);
      this.service = service;
    }
    return this.service;
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
