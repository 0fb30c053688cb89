import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@silkcart/shared';
import type { PlanMetric } from '../domain/plan';

export interface CounterRow {
  used: number;
  softNotified: boolean;
}

/**
 * A store's plan (a column of `store`, which has no row-level security) and its usage counters
 * (`usage_counter`, one row per store, metric and period, under row-level security).
 */
@Injectable()
export class UsageRepository {
  /**
   * Adds `n` in one statement, unless that would pass `hard`: the row lock taken by the upsert
   * makes concurrent writers queue and each see the others' count. Null: refused.
   */
  async add(
    ctx: RequestContext,
    metric: PlanMetric,
    period: string,
    n: number,
    hard: number | null,
  ): Promise<CounterRow | null> {
    const rows: CounterRow[] = await ctx.manager.query(
      `insert into usage_counter as c (store_id, metric, period, used)
       select $1, $2, $3::date, $4 where $5::int is null or $4 <= $5::int
       on conflict (store_id, metric, period) do update set used = c.used + excluded.used
         where $5::int is null or c.used + excluded.used <= $5::int
       returning used, soft_notified as "softNotified"`,
      [ctx.storeId, metric, period, n, hard],
    );
    return rows[0] ?? null;
  }

  async subtract(
    ctx: RequestContext,
    metric: PlanMetric,
    period: string,
    n: number,
  ): Promise<void> {
    await ctx.manager.query(
      `update usage_counter set used = greatest(used - $4, 0)
        where store_id = $1 and metric = $2 and period = $3::date`,
      [ctx.storeId, metric, period, n],
    );
  }

  async usedOf(ctx: RequestContext, metric: PlanMetric, period: string): Promise<number> {
    const rows: Array<{ used: number }> = await ctx.manager.query(
      `select used from usage_counter where store_id = $1 and metric = $2 and period = $3::date`,
      [ctx.storeId, metric, period],
    );
    return rows[0]?.used ?? 0;
  }

  /** True for the one caller that flips the flag (the row is already locked by `add`). */
  async markSoftNotified(
    ctx: RequestContext,
    metric: PlanMetric,
    period: string,
  ): Promise<boolean> {
    const rows: unknown[] = await ctx.manager.query(
      `with marked as (update usage_counter set soft_notified = true
                        where store_id = $1 and metric = $2 and period = $3::date
                          and not soft_notified returning 1)
       select * from marked`,
      [ctx.storeId, metric, period],
    );
    return rows.length > 0;
  }

  /** Each metric's use in its current period. */
  async current(
    ctx: RequestContext,
    periods: Record<PlanMetric, string>,
  ): Promise<Partial<Record<PlanMetric, number>>> {
    const metrics = Object.keys(periods);
    const rows: Array<{ metric: PlanMetric; used: number }> = await ctx.manager.query(
      `select c.metric, c.used from usage_counter c
         join unnest($2::text[], $3::date[]) as p (metric, period)
           on p.metric = c.metric and p.period = c.period
        where c.store_id = $1`,
      [ctx.storeId, metrics, metrics.map((m) => periods[m as PlanMetric])],
    );
    return Object.fromEntries(rows.map((r) => [r.metric, r.used]));
  }

  async planOf(ctx: RequestContext, storeId: string): Promise<string | null> {
    const rows: Array<{ plan: string }> = await ctx.manager.query(
      `select plan from store where id = $1`,
      [storeId],
    );
    return rows[0]?.plan ?? null;
  }

  /**
   * Sets the store's plan; a new plan starts its soft-limit notices afresh. Answers whether
   * the store exists.
   */
  async setPlan(ctx: RequestContext, storeId: string, plan: string): Promise<boolean> {
    const rows: Array<{ plan: string }> = await ctx.manager.query(
      `select plan from store where id = $1 for update`,
      [storeId],
    );
    if (rows.length === 0) return false;
    if (rows[0].plan === plan) return true;
    await ctx.manager.query(`update store set plan = $2, updated_at = now() where id = $1`, [
      storeId,
      plan,
    ]);
    await ctx.manager.query(
      `update usage_counter set soft_notified = false where store_id = $1 and soft_notified`,
      [storeId],
    );
    return true;
  }
}
