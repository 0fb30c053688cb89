import { Injectable } from '@nestjs/common';
import type { PaymentView } from '@silkcart/ordering';
import type { RequestContext } from '@silkcart/shared';
import type { PaymentStatus, Provider, RefundReason, RefundStatus } from '../domain/payment';

export interface PaymentRow {
  id: string;
  storeId: string;
  orderId: string;
  provider: Provider;
  status: PaymentStatus;
  amount: number;
  amountRefunded: number;
  currency: string;
  checkoutId: string;
  providerPaymentId: string | null;
  accountId: string | null;
}

export interface RefundRow {
  id: string;
  paymentId: string;
  orderId: string;
  amount: number;
  status: RefundStatus;
  reason: RefundReason;
  providerRefundId: string | null;
  createdAt: string;
}

const ISO = (column: string) =>
  `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const PAYMENT = `id, store_id as "storeId", order_id as "orderId", provider, status, amount,
  amount_refunded as "amountRefunded", currency, checkout_id as "checkoutId",
  provider_payment_id as "providerPaymentId", account_id as "accountId"`;

const REFUND = `id, payment_id as "paymentId", order_id as "orderId", amount, status, reason,
  provider_refund_id as "providerRefundId", ${ISO('created_at')} as "createdAt"`;

/** Payments, refunds and the inbox of applied provider events, in the context's store. */
@Injectable()
export class PaymentRepository {
  async insert(
    ctx: RequestContext,
    p: Omit<PaymentRow, 'id' | 'storeId' | 'status' | 'amountRefunded'>,
  ): Promise<PaymentRow> {
    const rows: PaymentRow[] = await ctx.manager.query(
      `insert into payment (store_id, order_id, provider, amount, currency, checkout_id,
                            provider_payment_id, account_id)
       values ($1, $2, $3, $4, $5, $6, $7, $8)
       on conflict (provider, checkout_id) do update set updated_at = now()
       returning ${PAYMENT}`,
      [
        ctx.storeId,
        p.orderId,
        p.provider,
        p.amount,
        p.currency,
        p.checkoutId,
        p.providerPaymentId,
        p.accountId,
      ],
    );
    return rows[0];
  }

  /** The payment a provider fact is about, locked: by its checkout, else its provider id. */
  async lockFor(
    ctx: RequestContext,
    provider: Provider,
    ref: { checkoutId?: string | null; providerPaymentId?: string | null },
  ): Promise<PaymentRow | null> {
    const rows: PaymentRow[] = await ctx.manager.query(
      `select ${PAYMENT} from payment
        where provider = $1 and (checkout_id = $2 or provider_payment_id = $3)
        order by (checkout_id = $2) desc nulls last limit 1 for update`,
      [provider, ref.checkoutId ?? null, ref.providerPaymentId ?? null],
    );
    return rows[0] ?? null;
  }

  /**
   * The order's checkouts with a provider that took no money and have no provider id yet,
   * locked, newest first; at most two (the caller only tells one from several).
   */
  async lockOpenOf(
    ctx: RequestContext,
    provider: Provider,
    orderId: string,
  ): Promise<PaymentRow[]> {
    return ctx.manager.query(
      `select ${PAYMENT} from payment
        where provider = $1 and order_id = $2 and status <> 'succeeded' and provider_payment_id is null
        order by created_at desc limit 2 for update`,
      [provider, orderId],
    );
  }

  async lock(ctx: RequestContext, id: string): Promise<PaymentRow | null> {
    const rows: PaymentRow[] = await ctx.manager.query(
      `select ${PAYMENT} from payment where id = $1 for update`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** The order's payments that took money, oldest first, locked. */
  async lockSucceededOf(ctx: RequestContext, orderId: string): Promise<PaymentRow[]> {
    return ctx.manager.query(
      `select ${PAYMENT} from payment where order_id = $1 and status = 'succeeded'
        order by created_at for update`,
      [orderId],
    );
  }

  async setOutcome(
    ctx: RequestContext,
    id: string,
    status: PaymentStatus,
    providerPaymentId: string | null,
  ): Promise<void> {
    await ctx.manager.query(
      `update payment set status = $2, provider_payment_id = coalesce($3, provider_payment_id),
              updated_at = now()
        where id = $1`,
      [id, status, providerPaymentId],
    );
  }

  async refundsOf(ctx: RequestContext, paymentId: string): Promise<RefundRow[]> {
    return ctx.manager.query(
      `select ${REFUND} from refund where payment_id = $1 order by created_at`,
      [paymentId],
    );
  }

  async insertRefund(
    ctx: RequestContext,
    r: { paymentId: string; orderId: string; amount: number; reason: RefundReason },
  ): Promise<RefundRow> {
    const rows: RefundRow[] = await ctx.manager.query(
      `insert into refund (store_id, payment_id, order_id, amount, reason)
       values ($1, $2, $3, $4, $5) returning ${REFUND}`,
      [ctx.storeId, r.paymentId, r.orderId, r.amount, r.reason],
    );
    return rows[0];
  }

  async deleteRefund(ctx: RequestContext, id: string): Promise<void> {
    await ctx.manager.query(`delete from refund where id = $1`, [id]);
  }

  async lockRefund(ctx: RequestContext, id: string): Promise<RefundRow | null> {
    const rows: RefundRow[] = await ctx.manager.query(
      `select ${REFUND} from refund where id = $1 for update`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Records the provider's word on a refund; answers whether the status changed. */
  async settleRefund(
    ctx: RequestContext,
    id: string,
    status: RefundStatus,
    providerRefundId: string | null,
  ): Promise<boolean> {
    const rows: unknown[] = await ctx.manager.query(
      `with s as (
         update refund set status = $2, provider_refund_id = coalesce($3, provider_refund_id),
                updated_at = now()
          where id = $1 and (status <> $2 or (provider_refund_id is null and $3::text is not null))
         returning 1)
       select * from s`,
      [id, status, providerRefundId],
    );
    return rows.length > 0;
  }

  async refundByProviderId(
    ctx: RequestContext,
    paymentId: string,
    providerRefundId: string,
  ): Promise<RefundRow | null> {
    const rows: RefundRow[] = await ctx.manager.query(
      `select ${REFUND} from refund where payment_id = $1 and provider_refund_id = $2`,
      [paymentId, providerRefundId],
    );
    return rows[0] ?? null;
  }

  /** Sets the payment's refunded amount from its succeeded refunds; answers it. */
  async recountRefunded(ctx: RequestContext, paymentId: string): Promise<number> {
    const rows: Array<{ refunded: number }> = await ctx.manager.query(
      `with r as (
         update payment p set amount_refunded = least(p.amount, s.total), updated_at = now()
           from (select coalesce(sum(amount), 0)::int as total from refund
                  where payment_id = $1 and status = 'succeeded') s
          where p.id = $1 returning p.amount_refunded as refunded)
       select * from r`,
      [paymentId],
    );
    return rows[0].refunded;
  }

  /** Every payment of an order with its refunds, as the order shows them. */
  async viewsOf(ctx: RequestContext, orderId: string): Promise<PaymentView[]> {
    const rows: Array<{ views: PaymentView[] }> = await ctx.manager.query(
      `select coalesce(json_agg(json_build_object(
                'id', p.id, 'provider', p.provider, 'status', p.status, 'amount', p.amount,
                'amountRefunded', p.amount_refunded, 'providerPaymentId', p.provider_payment_id,
                'createdAt', ${ISO('p.created_at')},
                'refunds', coalesce((select json_agg(json_build_object('id', r.id, 'amount', r.amount,
                             'status', r.status, 'createdAt', ${ISO('r.created_at')}) order by r.created_at)
                             from refund r where r.payment_id = p.id), '[]'))
              order by p.created_at), '[]') as views
         from payment p where p.order_id = $1`,
      [orderId],
    );
    return rows[0].views;
  }

  /**
   * Claims a provider event for the context's store, in the transaction of its effect: false
   * when it was claimed before (a repeat, applied already or being applied).
   */
  async claimEvent(
    ctx: RequestContext,
    provider: Provider,
    eventId: string,
    type: string,
  ): Promise<boolean> {
    const rows: unknown[] = await ctx.manager.query(
      `insert into payment_inbox (provider, event_id, store_id, event_type) values ($1, $2, $3, $4)
       on conflict do nothing returning 1`,
      [provider, eventId, ctx.storeId, type],
    );
    return rows.length > 0;
  }

  /** Across stores (a webhook before its store is known): the store a checkout belongs to. */
  async storeOfCheckout(
    ctx: RequestContext,
    provider: Provider,
    ref: { checkoutId: string | null; providerPaymentId: string | null },
  ): Promise<string | null> {
    const rows: Array<{ store_id: string }> = await ctx.manager.query(
      `select store_id from payment
        where provider = $1 and (checkout_id = $2 or provider_payment_id = $3) limit 1`,
      [provider, ref.checkoutId, ref.providerPaymentId],
    );
    return rows[0]?.store_id ?? null;
  }
}
