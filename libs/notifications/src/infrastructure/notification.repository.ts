import { Injectable } from '@nestjs/common';
import { RequestContext, selectPage } from '@silkcart/shared';
import type { Channel, NotificationStatus } from '../domain/notification';
import type { NotificationView } from '../application/notifications.views';

export interface NewNotification {
  channel: Channel;
  template: string;
  recipient: string;
  replyTo: string | null;
  subject: string | null;
  html: string | null;
  body: string;
  orderId: string | null;
}

export interface NotificationRow extends NewNotification {
  id: string;
  status: NotificationStatus;
  attempts: number;
  providerMessageId: string | null;
}

const ISO = (column: string) =>
  `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const ROW = `id, channel, template, recipient, reply_to as "replyTo", subject, html, body,
  order_id as "orderId", status, attempts, provider_message_id as "providerMessageId"`;

const VIEW = `id, channel, template, recipient as "to", status, attempts, last_error as "lastError",
  ${ISO('created_at')} as "createdAt", ${ISO('sent_at')} as "sentAt"`;

/** Notifications of the context's store (or, with no store, account messages). */
@Injectable()
export class NotificationRepository {
  async insert(ctx: RequestContext, n: NewNotification): Promise<string> {
    const rows: Array<{ id: string }> = await ctx.manager.query(
      `insert into notification (store_id, channel, template, recipient, reply_to, subject, html, body, order_id)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id`,
      [
        ctx.storeId,
        n.channel,
        n.template,
        n.recipient,
        n.replyTo,
        n.subject,
        n.html,
        n.body,
        n.orderId,
      ],
    );
    return rows[0].id;
  }

  /**
   * Claims a delivery attempt for `leaseMs`: counts it and answers the row, or null when the
   * message is sent, failed for good, or being sent by another worker right now.
   */
  async claim(ctx: RequestContext, id: string, leaseMs: number): Promise<NotificationRow | null> {
    const rows: NotificationRow[] = await ctx.manager.query(
      `with c as (
         update notification set attempts = attempts + 1,
                claimed_until = now() + ($2 || ' milliseconds')::interval
          where id = $1 and status = 'queued' and provider_message_id is null
            and (claimed_until is null or claimed_until < now())
         returning ${ROW})
       select * from c`,
      [id, String(leaseMs)],
    );
    return rows[0] ?? null;
  }

  /** The transport accepted it: recorded before the job is acknowledged, so it is never sent again. */
  async markSent(
    ctx: RequestContext,
    id: string,
    transport: string,
    providerMessageId: string,
  ): Promise<void> {
    await ctx.manager.query(
      `update notification set status = 'sent', sent_at = now(), transport = $2,
              provider_message_id = $3, claimed_until = null, last_error = null
        where id = $1`,
      [id, transport, providerMessageId],
    );
  }

  async markFailed(
    ctx: RequestContext,
    id: string,
    status: NotificationStatus,
    error: string,
  ): Promise<void> {
    await ctx.manager.query(
      `update notification set status = $2, last_error = $3, claimed_until = null where id = $1`,
      [id, status, error.slice(0, 2000)],
    );
  }

  async view(ctx: RequestContext, id: string): Promise<NotificationView | null> {
    const rows: NotificationView[] = await ctx.manager.query(
      `select ${VIEW} from notification where id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  async page(
    ctx: RequestContext,
    filter: { orderId?: string; status?: NotificationStatus },
    page: number,
    limit: number,
  ): Promise<[NotificationView[], number]> {
    const where = ['store_id = $1'];
    const params: unknown[] = [ctx.storeId];
    if (filter.orderId) where.push(`order_id = $${params.push(filter.orderId)}`);
    if (filter.status) where.push(`status = $${params.push(filter.status)}`);
    return selectPage<NotificationView>(
      ctx.manager,
      {
        select: VIEW,
        from: 'notification',
        where: where.join(' and '),
        orderBy: 'created_at desc, id',
      },
      params,
      { page, limit },
    );
  }
}
