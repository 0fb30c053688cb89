import { Injectable } from '@nestjs/common';
import { NotFound, Page, RequestContext } from '@silkcart/shared';
import type { NotificationStatus } from '../domain/notification';
import { NotificationRepository } from '../infrastructure/notification.repository';
import type { NotificationView, QueuedNotificationView } from './notifications.views';
import { OrderEmails } from './order-emails';

@Injectable()
export class ListNotifications {
  constructor(private readonly notifications: NotificationRepository) {}

  async execute(
    ctx: RequestContext,
    filter: { orderId?: string; status?: NotificationStatus },
    page: number,
    limit: number,
  ): Promise<Page<NotificationView>> {
    const [items, total] = await this.notifications.page(ctx, filter, page, limit);
    return { items, total, page, limit };
  }
}

/** A merchant sends the order confirmation again: a new message, delivered by the worker. */
@Injectable()
export class ResendOrderConfirmation {
  constructor(private readonly emails: OrderEmails) {}

  async execute(ctx: RequestContext, orderId: string): Promise<QueuedNotificationView> {
    const id = await this.emails.send(ctx, 'order-confirmation', orderId);
    if (!id) throw new NotFound('No such order in this store');
    return { notificationId: id, status: 'queued' };
  }
}
