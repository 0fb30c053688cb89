import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Payments: a payment per provider checkout, its refunds, the inbox of applied provider
 * events (a unique id per provider, written in the transaction of the event's effect, so each
 * event is applied once), each store's Stripe connected account, and the payments an order
 * shows (ordering's own copy, kept by the payments facade calls).
 */
export class Payments1763700500000 implements MigrationInterface {
  name = 'Payments1763700500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table payment (
        id uuid primary key default gen_random_uuid(),
        store_id uuid not null references store (id) on delete cascade,
        order_id uuid not null,
        provider text not null check (provider in ('stripe', 'paypal')),
        status text not null default 'pending' check (status in ('pending', 'succeeded', 'failed')),
        amount integer not null check (amount >= 0),
        amount_refunded integer not null default 0
          check (amount_refunded >= 0 and amount_refunded <= amount),
        currency text not null,
        checkout_id text not null,
        provider_payment_id text,
        account_id text,
        created_at timestamptz not null default clock_timestamp(),
        updated_at timestamptz not null default now(),
        unique (provider, checkout_id)
      )`);
    await q.query(`
      create unique index payment_provider_payment on payment (provider, provider_payment_id)
        where provider_payment_id is not null`);
    await q.query(`create index payment_order on payment (store_id, order_id)`);
    await q.query(`
      create table refund (
        id uuid primary key default gen_random_uuid(),
        store_id uuid not null references store (id) on delete cascade,
        payment_id uuid not null references payment (id),
        order_id uuid not null,
        amount integer not null check (amount > 0),
        status text not null default 'pending' check (status in ('pending', 'succeeded', 'failed')),
        reason text not null check (reason in ('requested', 'order_cancelled', 'late_payment', 'external')),
        provider_refund_id text,
        created_at timestamptz not null default clock_timestamp(),
        updated_at timestamptz not null default now()
      )`);
    await q.query(`
      create unique index refund_provider on refund (payment_id, provider_refund_id)
        where provider_refund_id is not null`);
    await q.query(`
      create table payment_inbox (
        provider text not null,
        event_id text not null,
        store_id uuid not null references store (id) on delete cascade,
        event_type text not null,
        received_at timestamptz not null default now(),
        primary key (provider, event_id)
      )`);
    await q.query(`
      create table stripe_account (
        store_id uuid primary key references store (id) on delete cascade,
        account_id text not null unique,
        charges_enabled boolean not null default false,
        payouts_enabled boolean not null default false,
        details_submitted boolean not null default false,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
    await q.query(
      `alter table customer_order add column payments jsonb not null default '[]'::jsonb`,
    );
    for (const table of ['payment', 'refund', 'payment_inbox', 'stripe_account']) {
      await q.query(`select silkcart_isolate_by_store('${table}')`);
    }
    await q.query(
      `grant select, insert, update, delete on payment, refund, payment_inbox, stripe_account
         to silkcart_app, silkcart_system`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table customer_order drop column payments`);
    await q.query(`drop table stripe_account, payment_inbox, refund, payment`);
  }
}
