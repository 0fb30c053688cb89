import { Global, Module } from '@nestjs/common';
import { EmailDeliveryStats } from '@silkcart/shared';
import { NotificationEmailStats } from './infrastructure/email-delivery-stats.repository';

/**
 * The shared kernel's `EmailDeliveryStats` port, answered from the notification history.
 * Global, so a context that reports on emails injects the port without importing this one.
 */
@Global()
@Module({
  providers: [{ provide: EmailDeliveryStats, useClass: NotificationEmailStats }],
  exports: [EmailDeliveryStats],
})
export class EmailDeliveryStatsModule {}
