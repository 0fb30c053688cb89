import { Module } from '@nestjs/common';
import { CatalogModule } from '@silkcart/catalog';
import { IdentityModule } from '@silkcart/identity';
import { OrderingModule } from '@silkcart/ordering';
import { TenancyModule } from '@silkcart/tenancy';
import { NotificationsController } from './api/notifications.controller';
import { WebhooksController } from './api/webhooks.controller';
import { ExportsController } from './api/exports.controller';
import { EXPORT_PROVIDERS } from './exports.providers';
import { PrivacyController } from './api/privacy.controller';
import { ErasePersonalData, ExportPersonalData } from './application/privacy.use-cases';
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
import { SendPlanLimit } from './application/send-plan-limit.subscriber';
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
import { EmailDeliveryStatsModule } from './email-delivery-stats.module';
import { WebhookRepository } from './infrastructure/webhook.repository';
import { WebhookSender } from './infrastructure/webhook-sender';

/**
 * Email and SMS: which message each fact sends (a subscriber per message), templates, the
 * notification history, transports (SendGrid, SMTP, Twilio or the log) and the delivery job.
 * Outbound webhooks: a store's endpoints, a delivery per endpoint and event, signed attempts
 * with retries. Privacy (GDPR) export and erasure, which call every context's facade.
 * Exports (CSV files, Google Sheets) and export schedules, rows read through the facades.
 * Other contexts never call it; it listens to their events.
 */
@Module({
  imports: [CatalogModule, IdentityModule, OrderingModule, TenancyModule, EmailDeliveryStatsModule],
  controllers: [NotificationsController, WebhooksController, PrivacyController, ExportsController],
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
    SendPlanLimit,
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
    ExportPersonalData,
    ErasePersonalData,
    ...ORDER_WEBHOOK_SUBSCRIBERS,
    DeliverProductWebhooks,
    DeliverLowStockWebhooks,
    DeliverReviewWebhooks,
    ...EXPORT_PROVIDERS,
  ],
})
export class NotificationsModule {}
