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

/** What an erased message shows as its recipient. */
const ERASED_RECIPIENT = 'erased';

/** A message about one person, as the privacy export shows it. */
export interface PersonalNotification extends NotificationView {
  subject: string | null;
  body: string;
  orderId: string | null;
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

  /**
   * Privacy export: the store's messages to this email (any case) or about these orders (an
   * order's SMS goes to its phone), with their content; oldest first.
   */
  async ofPerson(
    ctx: RequestContext,
    email: string,
    orderIds: string[],
  ): Promise<PersonalNotification[]> {
    return ctx.manager.query(
      `select ${VIEW}, subject, body, order_id as "orderId" from notification
        where store_id = $1 and (lower(recipient) = lower($2) or order_id = any($3::uuid[]))
        order by created_at, id`,
      [ctx.storeId, email, orderIds],
    );
  }

  /**
   * Privacy erasure: those messages keep channel, template, status and times but lose their
   * recipient and content. One still queued is not sent any more (failed, saying why).
   * Answers how many messages changed.
   */
  async erasePerson(ctx: RequestContext, email: string, orderIds: string[]): Promise<number> {
    const rows: unknown[] = await ctx.manager.query(
      `with erased as (
         update notification
            set recipient = '${ERASED_RECIPIENT}', subject = null, html = null, body = '',
                status = case when status = 'queued' then 'failed' else status end,
                last_error = case when status = 'queued' then 'Erased before delivery' end,
                claimed_until = null
          where store_id = $1 and (lower(recipient) = lower($2) or order_id = any($3::uuid[]))
            and recipient <> '${ERASED_RECIPIENT}'
         returning id)
       select id from erased`,
      [ctx.storeId, email, orderIds],
    );
    return rows.length;
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
