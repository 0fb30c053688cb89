import { Injectable } from '@nestjs/common';
import { RequestContext, selectPage } from '@silkcart/shared';
import type { WebhookDeliveryView, WebhookView } from '../application/webhooks.views';
import type { WebhookDeliveryStatus } from '../domain/webhook';

const ISO = (column: string) =>
  `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const ENDPOINT = `id, url, events, description, enabled, ${ISO('created_at')} as "createdAt"`;

const DELIVERY = `id, event_id as "eventId", event_type as "eventType", status, attempts,
  response_status as "responseStatus", last_error as "lastError", ${ISO('created_at')} as "createdAt",
  ${ISO('next_attempt_at')} as "nextAttemptAt", ${ISO('delivered_at')} as "deliveredAt"`;

export interface EndpointChanges {
  url?: string;
  events?: string[];
  enabled?: boolean;
  description?: string | null;
}

/** One attempt claimed: what to send, where, signed with what. */
export interface ClaimedDelivery {
  id: string;
  eventId: string;
  payload: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  url: string;
  secret: string;
}

/** What a claim found: an attempt to make, or why none is made now. */
export type Claim =
  | { kind: 'claimed'; delivery: ClaimedDelivery }
  | { kind: 'gone' | 'busy' | 'not_due' }
  | { kind: 'disabled' };

/**
 * A store's webhook endpoints and their deliveries (row-level security scopes both). Writes
 * that answer rows do it through a CTE: TypeORM answers a bare UPDATE or DELETE as [rows, count].
 */
@Injectable()
export class WebhookRepository {
  async insertEndpoint(
    ctx: RequestContext,
    e: { url: string; events: string[]; description: string | null; secret: string },
  ): Promise<WebhookView> {
    const rows: WebhookView[] = await ctx.manager.query(
      `insert into webhook_endpoint (store_id, url, events, description, secret)
       values ($1, $2, $3, $4, $5) returning ${ENDPOINT}`,
      [ctx.storeId, e.url, e.events, e.description, e.secret],
    );
    return rows[0];
  }

  listEndpoints(ctx: RequestContext): Promise<WebhookView[]> {
    return ctx.manager.query(
      `select ${ENDPOINT} from webhook_endpoint where store_id = $1 order by created_at, id`,
      [ctx.storeId],
    );
  }

  async endpointExists(ctx: RequestContext, id: string): Promise<boolean> {
    const rows: unknown[] = await ctx.manager.query(
      `select 1 from webhook_endpoint where id = $1 and store_id = $2`,
      [id, ctx.storeId],
    );
    return rows.length > 0;
  }

  async updateEndpoint(
    ctx: RequestContext,
    id: string,
    changes: EndpointChanges,
  ): Promise<WebhookView | null> {
    const rows: WebhookView[] = await ctx.manager.query(
      `with u as (
         update webhook_endpoint
            set url = case when $3 then $4 else url end,
                events = case when $5 then $6::text[] else events end,
                enabled = case when $7 then $8 else enabled end,
                description = case when $9 then $10 else description end,
                updated_at = now()
          where id = $1 and store_id = $2
         returning *)
       select ${ENDPOINT} from u`,
      [
        id,
        ctx.storeId,
        changes.url !== undefined,
        changes.url ?? null,
        changes.events !== undefined,
        changes.events ?? null,
        changes.enabled !== undefined,
        changes.enabled ?? null,
        changes.description !== undefined,
        changes.description ?? null,
      ],
    );
    return rows[0] ?? null;
  }

  async deleteEndpoint(ctx: RequestContext, id: string): Promise<boolean> {
    const rows: unknown[] = await ctx.manager.query(
      `with d as (delete from webhook_endpoint where id = $1 and store_id = $2 returning id)
       select id from d`,
      [id, ctx.storeId],
    );
    return rows.length > 0;
  }

  /** The store's enabled endpoints subscribed to this event type. */
  async subscribedTo(ctx: RequestContext, eventType: string): Promise<string[]> {
    const rows: Array<{ id: string }> = await ctx.manager.query(
      `select id from webhook_endpoint
        where store_id = $1 and enabled and $2 = any(events) order by id`,
      [ctx.storeId, eventType],
    );
    return rows.map((r) => r.id);
  }

  /**
   * One pending delivery per endpoint, due now and marked queued (its first attempt is
   * enqueued by the caller); a repeated event creates none. Answers the new deliveries' ids.
   */
  async insertDeliveries(
    ctx: RequestContext,
    endpointIds: string[],
    event: { id: string; type: string; payload: string },
  ): Promise<string[]> {
    const rows: Array<{ id: string }> = await ctx.manager.query(
      `insert into webhook_delivery
         (store_id, endpoint_id, event_id, event_type, payload, next_attempt_at, queued_at)
       select $1, e, $3, $4, $5, now(), now() from unnest($2::uuid[]) as e
       on conflict (endpoint_id, event_id) do nothing
       returning id`,
      [ctx.storeId, endpointIds, event.id, event.type, event.payload],
    );
    return rows.map((r) => r.id);
  }

  async deliveryPage(
    ctx: RequestContext,
    endpointId: string,
    filter: { status?: WebhookDeliveryStatus; page: number; limit: number },
  ): Promise<[WebhookDeliveryView[], number]> {
    const params: unknown[] = [ctx.storeId, endpointId];
    let where = 'store_id = $1 and endpoint_id = $2';
    if (filter.status) where += ` and status = $${params.push(filter.status)}`;
    return selectPage<WebhookDeliveryView>(
      ctx.manager,
      { select: DELIVERY, from: 'webhook_delivery', where, orderBy: 'created_at desc, id desc' },
      params,
      filter,
    );
  }

  async deliveryExists(ctx: RequestContext, endpointId: string, id: string): Promise<boolean> {
    const rows: unknown[] = await ctx.manager.query(
      `select 1 from webhook_delivery where id = $1 and endpoint_id = $2 and store_id = $3`,
      [id, endpointId, ctx.storeId],
    );
    return rows.length > 0;
  }

  /**
   * Claims one attempt for `leaseMs`: counts it and answers what to send. An automatic attempt
   * (`manual` false) is made only for a pending delivery that is due, and drops the queued
   * mark so the schedule may queue the next one; a manual one is made whatever the status.
   * A disabled endpoint gets no automatic attempt.
   */
  async claim(ctx: RequestContext, id: string, manual: boolean, leaseMs: number): Promise<Claim> {
    const rows: Array<{
      status: WebhookDeliveryStatus;
      busy: boolean;
      due: boolean;
      enabled: boolean;
    }> = await ctx.manager.query(
      `select d.status, coalesce(d.claimed_until > now(), false) as busy,
              coalesce(d.next_attempt_at <= now(), false) as due, e.enabled
         from webhook_delivery d join webhook_endpoint e on e.id = d.endpoint_id
        where d.id = $1 and d.store_id = $2
        for update of d`,
      [id, ctx.storeId],
    );
    const found = rows[0];
    if (!found) return { kind: 'gone' };
    if (!manual) {
      await ctx.manager.query(`update webhook_delivery set queued_at = null where id = $1`, [id]);
      if (found.status !== 'pending' || !found.due) return { kind: 'not_due' };
      if (!found.enabled) return { kind: 'disabled' };
    }
    if (found.busy) return { kind: 'busy' };
    const claimed: ClaimedDelivery[] = await ctx.manager.query(
      `with c as (
         update webhook_delivery set attempts = attempts + 1,
                claimed_until = now() + ($2 || ' milliseconds')::interval
          where id = $1
         returning id, event_id, payload, status, attempts, endpoint_id)
       select c.id, c.event_id as "eventId", c.payload, c.status, c.attempts, e.url, e.secret
         from c join webhook_endpoint e on e.id = c.endpoint_id`,
      [id, String(leaseMs)],
    );
    return { kind: 'claimed', delivery: claimed[0] };
  }

  async markSucceeded(ctx: RequestContext, id: string, responseStatus: number): Promise<void> {
    await ctx.manager.query(
      `update webhook_delivery set status = 'succeeded', response_status = $2, last_error = null,
              delivered_at = now(), next_attempt_at = null, claimed_until = null
        where id = $1`,
      [id, responseStatus],
    );
  }

  /** A failed attempt: its answer and error, and the status and next attempt that follow. */
  async markFailed(
    ctx: RequestContext,
    id: string,
    outcome: {
      status: WebhookDeliveryStatus;
      responseStatus: number | null;
      error: string;
      retryInSeconds: number | null;
    },
  ): Promise<void> {
    await ctx.manager.query(
      `update webhook_delivery
          set status = $2, response_status = $3, last_error = $4, claimed_until = null,
              next_attempt_at = case when $5::float8 is null then null
                                     else now() + make_interval(secs => $5::float8) end
        where id = $1`,
      [
        id,
        outcome.status,
        outcome.responseStatus,
        outcome.error.slice(0, 2000),
        outcome.retryInSeconds,
      ],
    );
  }

  /** A delivery the schedule found due and no longer queued: its store is needed to queue it. */
  async queueDue(
    ctx: RequestContext,
    limit: number,
    staleMs: number,
  ): Promise<Array<{ id: string; storeId: string }>> {
    return ctx.manager.query(
      `with due as (
         select id from webhook_delivery
          where status = 'pending' and next_attempt_at <= now()
            and (queued_at is null or queued_at < now() - ($2 || ' milliseconds')::interval)
            and (claimed_until is null or claimed_until < now())
          order by next_attempt_at limit $1
          for update skip locked)
       , queued as (
         update webhook_delivery d set queued_at = now() from due where d.id = due.id
         returning d.id, d.store_id)
       select id, store_id as "storeId" from queued`,
      [limit, String(staleMs)],
    );
  }
}
