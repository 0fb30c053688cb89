import { Module } from '@nestjs/common';
import { OrderingModule } from '@silkcart/ordering';
import { TenancyModule } from '@silkcart/tenancy';
import { NotificationsController } from './api/notifications.controller';
import { DeliverNotificationJob } from './application/deliver-notification.job';
import { ListNotifications, ResendOrderConfirmation } from './application/notification.use-cases';
import { Notifier } from './application/notifier';
import { OrderEmails } from './application/order-emails';
import { SendLowStockAlert } from './application/send-low-stock-alert.subscriber';
import { SendOrderConfirmation } from './application/send-order-confirmation.subscriber';
import { SendOrderShipped } from './application/send-order-shipped.subscriber';
import { SendPasswordReset } from './application/send-password-reset.subscriber';
import { SendPaymentReceived } from './application/send-payment-received.subscriber';
import { SendWelcome } from './application/send-welcome.subscriber';
import { SendCustomerWelcome } from './application/send-customer-welcome.subscriber';
import { SendCustomerPasswordReset } from './application/send-customer-password-reset.subscriber';
import { LogMailTransport, mailTransportProvider } from './infrastructure/mail-transport';
import { NotificationRepository } from './infrastructure/notification.repository';
import { LogSmsTransport, smsTransportProvider } from './infrastructure/sms-transport';
import { TemplateRenderer } from './infrastructure/template-renderer';

/**
 * Email and SMS: which message each fact sends (a subscriber per message), templates, the
 * notification history, transports (SendGrid, SMTP, Twilio or the log) and the delivery job.
 * Other contexts never call it; it listens to their events.
 */
@Module({
  imports: [OrderingModule, TenancyModule],
  controllers: [NotificationsController],
  providers: [
    TemplateRenderer,
    NotificationRepository,
    Notifier,
    DeliverNotificationJob,
    OrderEmails,
    ListNotifications,
    ResendOrderConfirmation,
    SendWelcome,
    SendCustomerWelcome,
    SendCustomerPasswordReset,
    SendPasswordReset,
    SendOrderConfirmation,
    SendPaymentReceived,
    SendOrderShipped,
    SendLowStockAlert,
    LogMailTransport,
    LogSmsTransport,
    mailTransportProvider,
    smsTransportProvider,
  ],
})
export class NotificationsModule {}
