import { Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig, onFirstUse } from '@silkcart/shared';
import type twilio from 'twilio';
import type { Twilio } from 'twilio';
import type { Accepted, OutgoingSms } from '../domain/notification';
import { keep } from './kept-messages';

/** Where SMS leave: Twilio when configured, else the log. */
export abstract class SmsTransport {
  abstract readonly name: string;
  abstract send(message: OutgoingSms): Promise<Accepted>;
}

@Injectable()
export class LogSmsTransport extends SmsTransport {
  readonly name = 'log';
  private readonly logger = new Logger('Sms');
  readonly sent: OutgoingSms[] = [];

  async send(message: OutgoingSms): Promise<Accepted> {
    keep(this.sent, message);
    this.logger.log(
      { to: message.to, template: message.template, body: message.body },
      'sms sent to the log',
    );
    return { providerMessageId: `log-${message.notificationId}` };
  }
}

/** The SDK, required when the first SMS leaves rather than at startup. */
const twilioSdk = onFirstUse<typeof twilio>('twilio');

/**
 * TWILIO_* through the twilio SDK (its client made at the first SMS); TWILIO_API_BASE points
 * its `api` domain elsewhere (tests).
 */
export class TwilioSmsTransport extends SmsTransport {
  readonly name = 'twilio';
  private twilioClient: Twilio | null = null;

  constructor(
    private readonly accountSid: string,
    private readonly authToken: string,
    private readonly from: string,
    private readonly apiBase: string | null,
  ) {
    super();
  }

  private get client(): Twilio {
    if (!this.twilioClient) {
      this.twilioClient = twilioSdk()(this.accountSid, this.authToken);
      if (this.apiBase) this.twilioClient.api.baseUrl = this.apiBase;
    }
    return this.twilioClient;
  }

  async send(message: OutgoingSms): Promise<Accepted> {
    const sent = await this.client.messages.create({
      to: message.to,
      from: this.from,
      body: message.body,
    });
    return { providerMessageId: sent.sid };
  }
}

export const smsTransportProvider = {
  provide: SmsTransport,
  inject: [APP_CONFIG, LogSmsTransport],
  useFactory: (config: AppConfig, log: LogSmsTransport): SmsTransport => {
    const { accountSid, authToken, from, apiBase } = config.twilio;
    if (accountSid && authToken && from)
      return new TwilioSmsTransport(accountSid, authToken, from, apiBase);
    return log;
  },
};
