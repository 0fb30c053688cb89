import { Injectable } from '@nestjs/common';
import { isoTimestamp, RequestContext } from '@silkcart/shared';

/** An order as an export writes it: amounts in minor units, times ISO-8601 UTC. */
export interface OrderExportRow {
  number: number;
  id: string;
  status: string;
  email: string;
  currency: string;
  subtotal: number;
  discountTotal: number;
  shippingTotal: number;
  taxTotal: number;
  total: number;
  amountRefunded: number;
  promotionCode: string | null;
  shippingCountry: string | null;
  createdAt: string;
  paidAt: string | null;
  fulfilledAt: string | null;
  cancelledAt: string | null;
}

export interface OrderItemExportRow {
  orderNumber: number;
  orderId: string;
  sku: string;
  title: string;
  quantity: number;
  unitPrice: number;
  lineTotal: number;
  currency: string;
}

/** One keyset page: the rows and the cursor after the last (null when there is no more). */
export interface ExportPage<T> {
  rows: T[];
  next: string | null;
}

export interface ExportPageQuery {
  /** Keep the rows created or changed since then (ISO-8601). */
  since: string | null;
  /** The cursor a previous page answered; null for the first page. */
  after: string | null;
  limit: number;
}

/** A cursor is the last row's sort key, timestamps as PostgreSQL's own text (microseconds kept). */
const decode = (after: string | null): string[] | null => (after ? JSON.parse(after) : null);

/**
 * Keyset pages of the store's orders and order items for exports, in creation order. Each
 * page is one short query; the caller never holds a table in memory.
 */
@Injectable()
export class OrderExportRepository {
  async orders(ctx: RequestContext, q: ExportPageQuery): Promise<ExportPage<OrderExportRow>> {
    const params: unknown[] = [ctx.storeId];
    let where = 'o.store_id = $1';
    if (q.since) where += ` and o.updated_at >= $${params.push(q.since)}::timestamptz`;
    const after = decode(q.after);
    if (after) {
      where += ` and (o.created_at, o.id) > ($${params.push(after[0])}::timestamptz, $${params.push(after[1])}::uuid)`;
    }
    const rows: Array<OrderExportRow & { k_at: string }> = await ctx.manager.query(
      `select o.number::int as number, o.id, o.status, o.email, o.currency, o.subtotal,
              o.discount_total as "discountTotal", o.shipping_total as "shippingTotal",
              o.tax_total as "taxTotal", o.total,
              coalesce((select sum((p->>'amountRefunded')::bigint)
                          from jsonb_array_elements(o.payments) p), 0)::int as "amountRefunded",
              o.promotion_code as "promotionCode",
              o.shipping_address->>'country' as "shippingCountry",
              ${isoTimestamp('o.created_at', 'createdAt')}, ${isoTimestamp('o.paid_at', 'paidAt')},
              ${isoTimestamp('o.fulfilled_at', 'fulfilledAt')},
              ${isoTimestamp('o.cancelled_at', 'cancelledAt')},
              o.created_at::text as k_at
         from customer_order o
        where ${where}
        order by o.created_at, o.id limit $${params.push(q.limit)}`,
      params,
    );
    const last = rows[rows.length - 1];
    return {
      rows: rows.map(({ k_at: _k, ...row }) => row),
      next: rows.length === q.limit ? JSON.stringify([last.k_at, last.id]) : null,
    };
  }

  /**
   * The items of the orders created since `since` (items never change once placed), a page of
   * whole orders at a time: the orders are walked by their index and each one's items by
   * `order_item_order`, so a page costs the same at the end of the table as at its start.
   */
  async items(ctx: RequestContext, q: ExportPageQuery): Promise<ExportPage<OrderItemExportRow>> {
    const params: unknown[] = [ctx.storeId];
    let where = 'store_id = $1';
    if (q.since) where += ` and created_at >= $${params.push(q.since)}::timestamptz`;
    const after = decode(q.after);
    if (after) {
      where += ` and (created_at, id) > ($${params.push(after[0])}::timestamptz, $${params.push(after[1])}::uuid)`;
    }
    const orders = Math.max(1, Math.floor(q.limit / 4));
    const rows: Array<OrderItemExportRow & { k_at: string; k_last: boolean }> =
      await ctx.manager.query(
        `with page as (
           select id, number, currency, created_at from customer_order
            where ${where} order by created_at, id limit $${params.push(orders)})
         select o.number::int as "orderNumber", o.id as "orderId", i.sku, i.title, i.quantity,
                i.unit_price as "unitPrice", i.line_total as "lineTotal", o.currency,
                o.created_at::text as k_at,
                (select count(*) from page) = $${params.length} as k_last
           from page o join order_item i on i.order_id = o.id
          order by o.created_at, o.id, i.position`,
        params,
      );
    const last = rows[rows.length - 1];
    return {
      rows: rows.map(({ k_at: _k, k_last: _l, ...row }) => row),
      next: last?.k_last ? JSON.stringify([last.k_at, last.orderId]) : null,
    };
  }

  /** The customers who placed an order since then (their `ordersCount` changed). */
  async customersOrderingSince(ctx: RequestContext, since: string): Promise<string[]> {
    const rows: Array<{ id: string }> = await ctx.manager.query(
      `select distinct customer_id as id from customer_order
        where store_id = $1 and customer_id is not null and created_at >= $2::timestamptz`,
      [ctx.storeId, since],
    );
    return rows.map((r) => r.id);
  }
}
