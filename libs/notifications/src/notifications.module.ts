import { Module } from '@nestjs/common';
import { SendEmailJob } from './application/send-email.job';
import { LogMailTransport, MailTransport } from './infrastructure/mail-transport';
import { TemplateRenderer } from './infrastructure/template-renderer';

/** Transactional email: templates, transports, the send job. */
@Module({
  providers: [
    TemplateRenderer,
    SendEmailJob,
    LogMailTransport,
    { provide: MailTransport, useExisting: LogMailTransport },
  ],
  exports: [MailTransport],
})
export class NotificationsModule {}
