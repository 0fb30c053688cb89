import { Module } from '@nestjs/common';
import { OrderingModule } from '@silkcart/ordering';
import { TenancyModule } from '@silkcart/tenancy';
import { EmailQueue } from './application/email-queue';
import { OrderEmails } from './application/order-emails';
import { SendEmailJob } from './application/send-email.job';
import { SendLowStockAlert } from './application/send-low-stock-alert.subscriber';
import { SendOrderConfirmation } from './application/send-order-confirmation.subscriber';
import { SendOrderShipped } from './application/send-order-shipped.subscriber';
import { SendPasswordReset } from './application/send-password-reset.subscriber';
import { SendPaymentReceived } from './application/send-payment-received.subscriber';
import { SendWelcome } from './application/send-welcome.subscriber';
import { LogMailTransport, MailTransport } from './infrastructure/mail-transport';
import { TemplateRenderer } from './infrastructure/template-renderer';

/**
 * Transactional email: which email each fact sends (a subscriber per email), templates,
 * transports and the send job. Other contexts never call it; it listens to their events.
 */
@Module({
  imports: [OrderingModule, TenancyModule],
  providers: [
    TemplateRenderer,
    SendEmailJob,
    EmailQueue,
    OrderEmails,
    SendWelcome,
    SendPasswordReset,
    SendOrderConfirmation,
    SendPaymentReceived,
    SendOrderShipped,
    SendLowStockAlert,
    LogMailTransport,
    { provide: MailTransport, useExisting: LogMailTransport },
  ],
  exports: [MailTransport],
})
export class NotificationsModule {}
