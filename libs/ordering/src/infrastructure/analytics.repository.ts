import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@silkcart/shared';
import type { AnalyticsInterval } from '../domain/analytics';

export interface PeriodFigures {
  period: string;
  grossSales: number;
  orders: number;
  units: number;
  refunds: number;
  ordersCreated: number;
  carts: number;
  paymentsSucceeded: number;
  paymentsFailed: number;
}

const DAY_MS = 86_400_000;

/**
 * Reads the analytics rollups (kept by triggers, see migrations/1763701600000-analytics.ts).
 * Buckets are UTC quarter hours, so a range or period of any zone is a union of whole buckets.
 */
@Injectable()
export class AnalyticsRepository {
  /** The instants where the store's `from` day starts and the day after `to` starts. */
  async bounds(
    ctx: RequestContext,
    from: string,
    to: string,
    timeZone: string,
  ): Promise<{ start: Date; end: Date }> {
    const rows: Array<{ start: Date; end: Date }> = await ctx.manager.query(
      `select ($1::date)::timestamp at time zone $3 as start,
              ($2::date + 1)::timestamp at time zone $3 as end`,
      [from, to, timeZone],
    );
    return rows[0];
  }

  /** Every period meeting the range (zeros included), with what falls inside the range. */
  periods(
    ctx: RequestContext,
    r: {
      start: Date;
      end: Date;
      from: string;
      to: string;
      timeZone: string;
      interval: AnalyticsInterval;
    },
  ): Promise<PeriodFigures[]> {
    return ctx.manager.query(
      `with periods as (
         select p::date as period
           from generate_series(date_trunc($5::text, $3::date::timestamp), $4::date::timestamp,
                                ('1 ' || $5::text)::interval) p),
       figures as (
         select date_trunc($5::text, bucket at time zone $6)::date as period,
                sum(gross_sales) as gross_sales, sum(orders) as orders, sum(units) as units,
                sum(refunds) as refunds, sum(orders_created) as orders_created, sum(carts) as carts,
                sum(payments_succeeded) as payments_succeeded, sum(payments_failed) as payments_failed
           from sales_rollup
          where store_id = $7 and bucket >= $1 and bucket < $2
          group by 1)
       select to_char(p.period, 'YYYY-MM-DD') as period,
              coalesce(f.gross_sales, 0)::float8 as "grossSales", coalesce(f.orders, 0)::float8 as orders,
              coalesce(f.units, 0)::float8 as units, coalesce(f.refunds, 0)::float8 as refunds,
              coalesce(f.orders_created, 0)::float8 as "ordersCreated", coalesce(f.carts, 0)::float8 as carts,
              coalesce(f.payments_succeeded, 0)::float8 as "paymentsSucceeded",
              coalesce(f.payments_failed, 0)::float8 as "paymentsFailed"
         from periods p left join figures f using (period)
        order by p.period`,
      [r.start, r.end, r.from, r.to, r.interval, r.timeZone, ctx.storeId],
    );
  }

  /**
   * Units and line totals per variant of the orders paid in [start, end): whole UTC days from
   * the daily rollup, the partial days at either edge from the orders themselves.
   */
  async variantSales(
    ctx: RequestContext,
    start: Date,
    end: Date,
  ): Promise<Array<{ variantId: string; units: number; grossSales: number }>> {
    const firstWhole = Math.ceil(start.getTime() / DAY_MS) * DAY_MS;
    const endWhole = Math.floor(end.getTime() / DAY_MS) * DAY_MS;
    const whole = firstWhole < endWhole;
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    return ctx.manager.query(
      `select variant_id as "variantId", sum(units)::float8 as units, sum(gross)::float8 as "grossSales"
         from (select variant_id, units, gross_sales as gross from variant_sales_daily
                where store_id = $1 and day >= $2::date and day < $3::date
               union all
               select i.variant_id, i.quantity, i.line_total
                 from customer_order o join order_item i on i.order_id = o.id
                where o.store_id = $1 and o.paid_at is not null
                  and ((o.paid_at >= $4 and o.paid_at < $5) or (o.paid_at >= $6 and o.paid_at < $7))) x
        group by variant_id`,
      whole
        ? [
            ctx.storeId,
            day(firstWhole),
            day(endWhole),
            start,
            new Date(firstWhole),
            new Date(endWhole),
            end,
          ]
        : [ctx.storeId, day(0), day(0), start, end, end, end],
    );
  }

  /**
   * Records, at this instant, how much the order's succeeded refunds changed since last told:
   * what it shows now (never more than its total, none for an order that was never paid, whose
   * money counted in no sale), less what was recorded before.
   */
  async recordRefunds(ctx: RequestContext, orderId: string): Promise<void> {
    await ctx.manager.query(
      `with shown as (
         select o.store_id, o.id,
                case when o.paid_at is null then 0
                     else least(o.total, coalesce((
                       select sum((r->>'amount')::bigint)
                         from jsonb_array_elements(o.payments) p, jsonb_array_elements(p->'refunds') r
                        where r->>'status' = 'succeeded'), 0)) end as amount
           from customer_order o where o.id = $1),
       recorded as (select coalesce(sum(amount), 0) as amount from order_refund where order_id = $1)
       insert into order_refund (store_id, order_id, amount)
       select shown.store_id, shown.id, shown.amount - recorded.amount from shown, recorded
        where shown.amount <> recorded.amount`,
      [orderId],
    );
  }
}
