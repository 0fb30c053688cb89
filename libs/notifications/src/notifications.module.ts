import { Module } from '@nestjs/common';
import { CatalogModule } from '@silkcart/catalog';
import { OrderingModule } from '@silkcart/ordering';
import { TenancyModule } from '@silkcart/tenancy';
import { NotificationsController } from './api/notifications.controller';
import { WebhooksController } from './api/webhooks.controller';
import {
  DeliverLowStockWebhooks,
  DeliverProductWebhooks,
} from './application/deliver-catalog-webhooks.subscriber';
import { DeliverNotificationJob } from './application/deliver-notification.job';
import { ORDER_WEBHOOK_SUBSCRIBERS } from './application/deliver-order-webhooks.subscriber';
import { DeliverReviewWebhooks } from './application/deliver-review-webhooks.subscriber';
import { DeliverWebhookJob } from './application/deliver-webhook.job';
import { WebhookFanout } from './application/webhook-fanout';
import {
  CreateWebhook,
  DeleteWebhook,
  ListWebhookDeliveries,
  ListWebhooks,
  RetryWebhookDelivery,
  UpdateWebhook,
} from './application/webhook.use-cases';
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
import { WebhookRepository } from './infrastructure/webhook.repository';
import { WebhookSender } from './infrastructure/webhook-sender';

/**
 * Email and SMS: which message each fact sends (a subscriber per message), templates, the
 * notification history, transports (SendGrid, SMTP, Twilio or the log) and the delivery job.
 * Outbound webhooks: a store's endpoints, a delivery per endpoint and event, signed attempts
 * with retries. Other contexts never call it; it listens to their events.
 */
@Module({
  imports: [CatalogModule, OrderingModule, TenancyModule],
  controllers: [NotificationsController, WebhooksController],
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
    WebhookRepository,
    WebhookSender,
    WebhookFanout,
    DeliverWebhookJob,
    CreateWebhook,
    ListWebhooks,
    UpdateWebhook,
    DeleteWebhook,
    ListWebhookDeliveries,
    RetryWebhookDelivery,
    ...ORDER_WEBHOOK_SUBSCRIBERS,
    DeliverProductWebhooks,
    DeliverLowStockWebhooks,
    DeliverReviewWebhooks,
  ],
})
export class NotificationsModule {}
