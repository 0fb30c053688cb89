import { Injectable } from '@nestjs/common';
import { type RequestContext, TAKEN, unlessTaken } from '@silkcart/shared';
import type { Promotion } from '../domain/promotion';

const COLUMNS = `id, code, type, value, min_subtotal as "minSubtotal", starts_at as "startsAt",
  ends_at as "endsAt", usage_limit as "usageLimit", once_per_email as "oncePerEmail", enabled,
  times_used as "timesUsed", created_at as "createdAt"`;

/** Promotions of the context's store and their redemptions (row-level security scopes both). */
@Injectable()
export class PromotionRepository {
  async page(
    ctx: RequestContext,
    filter: { enabled?: boolean; page: number; limit: number },
  ): Promise<{ items: Promotion[]; total: number }> {
    const rows: Array<Promotion & { total: string }> = await ctx.manager.query(
      `select ${COLUMNS}, count(*) over () as total from promotion
        where store_id = $1 and ($2::boolean is null or enabled = $2)
        order by created_at desc, id limit $3 offset $4`,
      [ctx.storeId, filter.enabled ?? null, filter.limit, (filter.page - 1) * filter.limit],
    );
    if (rows.length === 0 && filter.page > 1) {
      const counted: Array<{ n: string }> = await ctx.manager.query(
        `select count(*) as n from promotion where store_id = $1 and ($2::boolean is null or enabled = $2)`,
        [ctx.storeId, filter.enabled ?? null],
      );
      return { items: [], total: Number(counted[0].n) };
    }
    return {
      items: rows.map(({ total: _total, ...p }) => p),
      total: rows.length ? Number(rows[0].total) : 0,
    };
  }

  async find(ctx: RequestContext, id: string, lock = false): Promise<Promotion | null> {
    const rows: Promotion[] = await ctx.manager.query(
      `select ${COLUMNS} from promotion where id = $1 and store_id = $2${lock ? ' for update' : ''}`,
      [id, ctx.storeId],
    );
    return rows[0] ?? null;
  }

  async byCode(ctx: RequestContext, code: string): Promise<Promotion | null> {
    const rows: Promotion[] = await ctx.manager.query(
      `select ${COLUMNS} from promotion where store_id = $1 and code = $2`,
      [ctx.storeId, code],
    );
    return rows[0] ?? null;
  }

  /** Inserts or updates; false when another promotion of the store has the code. */
  async save(ctx: RequestContext, p: Promotion, isNew: boolean): Promise<boolean> {
    const values = [
      p.id,
      ctx.storeId,
      p.code,
      p.type,
      p.value,
      p.minSubtotal,
      p.startsAt,
      p.endsAt,
      p.usageLimit,
      p.oncePerEmail,
      p.enabled,
    ];
    const saved = await unlessTaken(ctx, () =>
      ctx.manager.query(
        isNew
          ? `insert into promotion (id, store_id, code, type, value, min_subtotal, starts_at, ends_at,
               usage_limit, once_per_email, enabled, created_at)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`
          : `update promotion set code = $3, type = $4, value = $5, min_subtotal = $6, starts_at = $7,
               ends_at = $8, usage_limit = $9, once_per_email = $10, enabled = $11, updated_at = now()
             where id = $1 and store_id = $2`,
        isNew ? [...values, p.createdAt] : values,
      ),
    );
    return saved !== TAKEN;
  }

  async delete(ctx: RequestContext, id: string): Promise<boolean> {
    const rows: unknown[] = await ctx.manager.query(
      `with gone as (delete from promotion where id = $1 and store_id = $2 returning id) select * from gone`,
      [id, ctx.storeId],
    );
    return rows.length > 0;
  }

  /**
   * Counts one use for the order, in its transaction: 'used-up' when the limit is reached
   * (the conditional update waits for concurrent orders' row lock, then sees their count), and
   * 'used-by-email' when a once-per-email code already has a live redemption for this email
   * (the partial unique index; a concurrent insert waits for the other order's outcome).
   */
  async redeem(
    ctx: RequestContext,
    p: Promotion,
    orderId: string,
    email: string,
  ): Promise<'ok' | 'used-up' | 'used-by-email'> {
    const counted: unknown[] = await ctx.manager.query(
      `with used as (update promotion set times_used = times_used + 1
                      where id = $1 and (usage_limit is null or times_used < usage_limit)
                      returning id) select * from used`,
      [p.id],
    );
    if (counted.length === 0) return 'used-up';
    const redeemed = await unlessTaken(ctx, () =>
      ctx.manager.query(
        `insert into promotion_redemption (order_id, store_id, promotion_id, email_key, once_per_email)
         values ($1, $2, $3, lower($4), $5)`,
        [orderId, ctx.storeId, p.id, email, p.oncePerEmail],
      ),
    );
    return redeemed === TAKEN ? 'used-by-email' : 'ok';
  }

  /** Gives the order's use back (an unpaid order expired or was cancelled); once. */
  async release(ctx: RequestContext, orderId: string): Promise<void> {
    await ctx.manager.query(
      `with released as (
         update promotion_redemption set released_at = now()
          where order_id = $1 and released_at is null returning promotion_id)
       update promotion set times_used = times_used - 1, updated_at = now()
        where id in (select promotion_id from released)`,
      [orderId],
    );
  }
}
