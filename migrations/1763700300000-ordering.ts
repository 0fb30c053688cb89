import { MigrationInterface, QueryRunner } from 'typeorm';

/** Carts, orders with their items and per-store numbers, and idempotency keys. */
export class Ordering1763700300000 implements MigrationInterface {
  name = 'Ordering1763700300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table cart (
        id uuid primary key default gen_random_uuid(),
        store_id uuid not null references store (id) on delete cascade,
        consumed_at timestamptz,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
    await q.query(`create index cart_updated on cart (updated_at)`);
    await q.query(`
      create table cart_item (
        id uuid primary key default gen_random_uuid(),
        store_id uuid not null references store (id) on delete cascade,
        cart_id uuid not null references cart (id) on delete cascade,
        variant_id uuid not null,
        quantity integer not null check (quantity between 1 and 999),
        created_at timestamptz not null default clock_timestamp(),
        unique (cart_id, variant_id)
      )`);

    // Numbers come from one row per store: the update that takes the next one locks it
    // until the order commits, so numbers are unique and increase (a rollback leaves a gap).
    await q.query(`
      create table order_counter (
        store_id uuid primary key references store (id) on delete cascade,
        last_number bigint not null
      )`);
    await q.query(`
      create table customer_order (
        id uuid primary key default gen_random_uuid(),
        store_id uuid not null references store (id) on delete cascade,
        number bigint not null,
        status text not null check (status in
          ('pending_payment', 'paid', 'fulfilled', 'cancelled', 'expired', 'refunded', 'partially_refunded')),
        email text not null,
        shipping_address jsonb not null,
        subtotal integer not null,
        discount_total integer not null default 0,
        shipping_total integer not null,
        tax_total integer not null,
        total integer not null,
        currency char(3) not null,
        token_hash text not null,
        cart_id uuid,
        expires_at timestamptz not null,
        tracking_number text,
        carrier text,
        cancel_reason text,
        created_at timestamptz not null default now(),
        paid_at timestamptz,
        fulfilled_at timestamptz,
        cancelled_at timestamptz,
        expired_at timestamptz,
        unique (store_id, number)
      )`);
    await q.query(
      `create index customer_order_store_created on customer_order (store_id, created_at desc, id)`,
    );
    await q.query(`create index customer_order_email on customer_order (store_id, lower(email))`);
    await q.query(
      `create index customer_order_unpaid on customer_order (expires_at) where status = 'pending_payment'`,
    );
    await q.query(`
      create table order_item (
        id uuid primary key default gen_random_uuid(),
        store_id uuid not null references store (id) on delete cascade,
        order_id uuid not null references customer_order (id) on delete cascade,
        variant_id uuid not null,
        sku text not null,
        title text not null,
        unit_price integer not null,
        quantity integer not null check (quantity > 0),
        line_total integer not null,
        position integer not null
      )`);
    await q.query(`create index order_item_order on order_item (order_id, position)`);

    await q.query(`
      create table idempotency_key (
        store_id uuid not null references store (id) on delete cascade,
        key text not null,
        request_hash text not null,
        status text not null check (status in ('running', 'done')),
        response_status integer,
        response_body jsonb,
        locked_at timestamptz not null default now(),
        expires_at timestamptz not null default now() + interval '24 hours',
        primary key (store_id, key)
      )`);
    await q.query(`create index idempotency_key_expires on idempotency_key (expires_at)`);

    for (const table of [
      'cart',
      'cart_item',
      'order_counter',
      'customer_order',
      'order_item',
      'idempotency_key',
    ]) {
      await q.query(`select silkcart_isolate_by_store('${table}')`);
    }
    await q.query(
      `grant select, insert, update, delete on all tables in schema public to silkcart_app, silkcart_system`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `drop table idempotency_key, order_item, customer_order, order_counter, cart_item, cart`,
    );
  }
}
