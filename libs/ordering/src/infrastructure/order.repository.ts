import { Injectable } from '@nestjs/common';
import { isoTimestamp, RequestContext, selectPage } from '@silkcart/shared';
import type { AddressDto, OrderItemView, OrderView } from '../application/ordering.views';
import type { OrderStatus } from '../domain/order-status';
import type { Totals } from '../domain/totals';

const ts = isoTimestamp;

const ORDER_VIEW = `
  select o.id, o.number::int as number, o.status, o.email, o.subtotal, o.promotion_code as "promotionCode",
         o.discount_total as "discountTotal",
         o.shipping_total as "shippingTotal", o.tax_total as "taxTotal", o.total, o.currency,
         o.shipping_address as "shippingAddress", o.payments,
         ${ts('o.created_at', 'createdAt')}, ${ts('o.paid_at', 'paidAt')},
         ${ts('o.fulfilled_at', 'fulfilledAt')}, ${ts('o.cancelled_at', 'cancelledAt')},
         coalesce((select json_agg(json_build_object('variantId', i.variant_id, 'sku', i.sku, 'title', i.title,
                    'unitPrice', i.unit_price, 'quantity', i.quantity, 'lineTotal', i.line_total) order by i.position)
                    from order_item i where i.order_id = o.id), '[]') as items
    from customer_order o`;

export interface OrderState {
  id: string;
  status: OrderStatus;
  number: number;
  email: string;
  items: Array<{ variantId: string; quantity: number }>;
}

@Injectable()
export class OrderRepository {
  /**
   * Inserts the order and its items and takes the store's next number (from 1001), in one
   * statement. The counter row stays locked until commit, so callers do this last: orders
   * of one store queue on that lock only for the end of their transaction.
   */
  async insert(
    ctx: RequestContext,
    order: {
      id: string;
      email: string;
      shippingAddress: AddressDto;
      totals: Totals;
      currency: string;
      tokenHash: string;
      cartId: string | null;
      holdMinutes: number;
      items: OrderItemView[];
      promotionCode: string | null;
      customerId: string | null;
    },
  ): Promise<{ number: number; createdAt: string }> {
    const rows: Array<{ number: string; createdAt: string }> = await ctx.manager.query(
      `with counter as (
         insert into order_counter (store_id, last_number) values ($1, 1001)
         on conflict (store_id) do update set last_number = order_counter.last_number + 1
         returning last_number),
       placed as (
         insert into customer_order (id, store_id, number, status, email, shipping_address, subtotal, discount_total,
           shipping_total, tax_total, total, currency, token_hash, cart_id, expires_at, promotion_code,
           customer_id)
         select $2, $1, counter.last_number, 'pending_payment', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12,
                now() + make_interval(mins => $13), $20, $21
           from counter
         returning id, number, created_at),
       items as (
         insert into order_item (store_id, order_id, variant_id, sku, title, unit_price, quantity, line_total, position)
         select $1, $2, i.variant_id, i.sku, i.title, i.unit_price, i.quantity, i.line_total, i.position - 1
           from unnest($14::uuid[], $15::text[], $16::text[], $17::int[], $18::int[], $19::int[])
                with ordinality as i(variant_id, sku, title, unit_price, quantity, line_total, position)
          where exists (select 1 from placed))
       select number, ${ts('created_at', 'createdAt')} from placed`,
      [
        ctx.storeId,
        order.id,
        order.email,
        JSON.stringify(order.shippingAddress),
        order.totals.subtotal,
        order.totals.discountTotal,
        order.totals.shippingTotal,
        order.totals.taxTotal,
        order.totals.total,
        order.currency,
        order.tokenHash,
        order.cartId,
        order.holdMinutes,
        order.items.map((i) => i.variantId),
        order.items.map((i) => i.sku),
        order.items.map((i) => i.title),
        order.items.map((i) => i.unitPrice),
        order.items.map((i) => i.quantity),
        order.items.map((i) => i.lineTotal),
        order.promotionCode,
        order.customerId,
      ],
    );
    return { number: Number(rows[0].number), createdAt: rows[0].createdAt };
  }

  async view(ctx: RequestContext, id: string): Promise<OrderView | null> {
    const rows: OrderView[] = await ctx.manager.query(
      `${ORDER_VIEW} where o.id = $1 and o.store_id = $2`,
      [id, ctx.storeId],
    );
    return rows[0] ?? null;
  }

  async viewWithToken(
    ctx: RequestContext,
    id: string,
    tokenHash: string,
  ): Promise<OrderView | null> {
    const rows: OrderView[] = await ctx.manager.query(
      `${ORDER_VIEW} where o.id = $1 and o.store_id = $2 and o.token_hash = $3`,
      [id, ctx.storeId, tokenHash],
    );
    return rows[0] ?? null;
  }

  async page(
    ctx: RequestContext,
    f: { status?: OrderStatus; q?: string; customerId?: string; page: number; limit: number },
  ): Promise<[OrderView[], number]> {
    const where = ['o.store_id = $1'];
    const params: unknown[] = [ctx.storeId];
    if (f.customerId) {
      params.push(f.customerId);
      where.push(`o.customer_id = $${params.length}`);
    }
    if (f.status) {
      params.push(f.status);
      where.push(`o.status = $${params.length}`);
    }
    if (f.q) {
      const q = f.q.trim().replace(/^#/, '');
      if (/^\d{1,15}$/.test(q)) {
        params.push(Number(q));
        where.push(`o.number = $${params.length}`);
      } else {
        params.push(q.toLowerCase());
        where.push(`lower(o.email) = $${params.length}`);
      }
    }
    // Page on the index first; build the documents (items and all) of that page only.
    const [rows, total] = await selectPage<{ id: string }>(
      ctx.manager,
      {
        select: 'o.id',
        from: 'customer_order o',
        where: where.join(' and '),
        orderBy: 'o.created_at desc, o.id',
      },
      params,
      f,
    );
    if (rows.length === 0) return [[], total];
    const views: OrderView[] = await ctx.manager.query(`${ORDER_VIEW} where o.id = any($1)`, [
      rows.map((r) => r.id),
    ]);
    const byId = new Map(views.map((v) => [v.id, v]));
    return [rows.map((r) => byId.get(r.id) as OrderView), total];
  }

  /** Locks the order row: one transition at a time. */
  async lockState(ctx: RequestContext, id: string): Promise<OrderState | null> {
    const rows: OrderState[] = await ctx.manager.query(
      `select o.id, o.status, o.number::int as number, o.email,
              (select json_agg(json_build_object('variantId', i.variant_id, 'quantity', i.quantity))
                 from order_item i where i.order_id = o.id) as items
         from customer_order o where o.id = $1 and o.store_id = $2 for update of o`,
      [id, ctx.storeId],
    );
    return rows[0] ?? null;
  }

  async setStatus(
    ctx: RequestContext,
    id: string,
    status: OrderStatus,
    extra: { trackingNumber?: string; carrier?: string; cancelReason?: string } = {},
  ): Promise<void> {
    const stamp: Partial<Record<OrderStatus, string>> = {
      paid: 'paid_at',
      fulfilled: 'fulfilled_at',
      cancelled: 'cancelled_at',
      expired: 'expired_at',
    };
    const column = stamp[status];
    await ctx.manager.query(
      `update customer_order set status = $2${column ? `, ${column} = now()` : ''},
              tracking_number = coalesce($3, tracking_number), carrier = coalesce($4, carrier),
              cancel_reason = coalesce($5, cancel_reason)
        where id = $1`,
      [id, status, extra.trackingNumber ?? null, extra.carrier ?? null, extra.cancelReason ?? null],
    );
  }

  async statusOf(ctx: RequestContext, id: string): Promise<OrderStatus | null> {
    const rows: Array<{ status: OrderStatus }> = await ctx.manager.query(
      `select status from customer_order where id = $1`,
      [id],
    );
    return rows[0]?.status ?? null;
  }

  /** The payments the order shows, as the payments context reports them. */
  async setPayments(ctx: RequestContext, id: string, payments: unknown[]): Promise<void> {
    await ctx.manager.query(`update customer_order set payments = $2::jsonb where id = $1`, [
      id,
      JSON.stringify(payments),
    ]);
  }

  /** Across stores (a provider's callback before its store is known): the order's store. */
  async storeOf(ctx: RequestContext, id: string): Promise<string | null> {
    const rows: Array<{ store_id: string }> = await ctx.manager.query(
      `select store_id from customer_order where id = $1`,
      [id],
    );
    return rows[0]?.store_id ?? null;
  }

  /** Unpaid orders past their hold time, across stores, locked and skipped by other runners. */
  async dueToExpire(
    ctx: RequestContext,
    limit: number,
  ): Promise<Array<{ id: string; storeId: string }>> {
    return ctx.manager.query(
      `select id, store_id as "storeId" from customer_order
        where status = 'pending_payment' and expires_at < now()
        order by expires_at limit $1 for update skip locked`,
      [limit],
    );
  }

  /** Privacy: the ids of the orders with this email (any case) or of this customer, newest first. */
  async idsOfPerson(
    ctx: RequestContext,
    person: { email: string; customerId: string | null },
  ): Promise<string[]> {
    const rows: Array<{ id: string }> = await ctx.manager.query(
      `select id from customer_order
        where store_id = $1 and (lower(email) = lower($2) or customer_id = $3::uuid)
        order by created_at desc, id`,
      [ctx.storeId, person.email, person.customerId],
    );
    return rows.map((r) => r.id);
  }

  /** These orders as the store side shows them, newest first. */
  async views(ctx: RequestContext, ids: string[]): Promise<OrderView[]> {
    if (ids.length === 0) return [];
    return ctx.manager.query(
      `${ORDER_VIEW} where o.id = any($1::uuid[]) and o.store_id = $2 order by o.created_at desc, o.id`,
      [ids, ctx.storeId],
    );
  }

  /**
   * Privacy erasure: the orders keep their number, items, amounts, status and country; their
   * email, names, address lines, postal code and phone become placeholders that name no one,
   * they no longer point at the customer, and their promotion redemptions forget the email.
   * Answers how many orders changed.
   */
  async erase(ctx: RequestContext, ids: string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const rows: unknown[] = await ctx.manager.query(
      `with erased as (
         update customer_order
            set email = 'erased-' || id || '@erased.invalid',
                shipping_address = (shipping_address - 'line2' - 'phone')
                  || jsonb_build_object('name', 'Erased', 'line1', 'Erased', 'postalCode', 'Erased'),
                customer_id = null
          where store_id = $1 and id = any($2::uuid[])
         returning id)
       select id from erased`,
      [ctx.storeId, ids],
    );
    await ctx.manager.query(
      `update promotion_redemption set email_key = 'erased-' || order_id || '@erased.invalid'
        where store_id = $1 and order_id = any($2::uuid[])`,
      [ctx.storeId, ids],
    );
    return rows.length;
  }

  /** How many orders each of these customers has in the store. */
  async countsByCustomer(ctx: RequestContext, customerIds: string[]): Promise<Map<string, number>> {
    const rows: Array<{ customerId: string; n: string }> = await ctx.manager.query(
      `select customer_id as "customerId", count(*) as n from customer_order
        where store_id = $1 and customer_id = any($2::uuid[]) group by customer_id`,
      [ctx.storeId, customerIds],
    );
    return new Map(rows.map((r) => [r.customerId, Number(r.n)]));
  }
}
