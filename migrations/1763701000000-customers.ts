import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Customers: shoppers with an account in one store (the same email may be a customer of several
 * stores and a merchant user too: separate rows, separate passwords), their refresh and reset
 * tokens (stored hashed), addresses and wishlist; orders and carts made with a customer's token
 * point at the customer.
 */
export class Customers1763701000000 implements MigrationInterface {
  name = 'Customers1763701000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table customer (
        id uuid primary key default gen_random_uuid(),
        store_id uuid not null references store (id) on delete cascade,
        email text not null,
        name text not null,
        password_hash text not null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
    await q.query(`create unique index customer_email on customer (store_id, lower(email))`);
    await q.query(`create index customer_list on customer (store_id, created_at desc, id)`);
    await q.query(`
      create table customer_refresh_token (
        id uuid primary key default gen_random_uuid(),
        store_id uuid not null references store (id) on delete cascade,
        customer_id uuid not null references customer (id) on delete cascade,
        login_id uuid not null,
        token_hash text not null unique,
        expires_at timestamptz not null,
        used_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz not null default now()
      )`);
    await q.query(`create index customer_refresh_token_login on customer_refresh_token (login_id)`);
    await q.query(
      `create index customer_refresh_token_customer on customer_refresh_token (customer_id)`,
    );
    await q.query(`
      create table customer_password_reset (
        id uuid primary key default gen_random_uuid(),
        store_id uuid not null references store (id) on delete cascade,
        customer_id uuid not null references customer (id) on delete cascade,
        token_hash text not null unique,
        expires_at timestamptz not null,
        used_at timestamptz,
        created_at timestamptz not null default now()
      )`);
    await q.query(`
      create table customer_address (
        id uuid primary key default gen_random_uuid(),
        store_id uuid not null references store (id) on delete cascade,
        customer_id uuid not null references customer (id) on delete cascade,
        address jsonb not null,
        created_at timestamptz not null default now()
      )`);
    await q.query(
      `create index customer_address_customer on customer_address (customer_id, created_at)`,
    );
    await q.query(`
      create table wishlist_item (
        customer_id uuid not null references customer (id) on delete cascade,
        product_id uuid not null references product (id) on delete cascade,
        store_id uuid not null references store (id) on delete cascade,
        added_at timestamptz not null default now(),
        primary key (customer_id, product_id)
      )`);
    await q.query(
      `alter table customer_order add column customer_id uuid references customer (id) on delete set null`,
    );
    await q.query(
      `create index customer_order_customer on customer_order (customer_id, created_at desc, id) where customer_id is not null`,
    );
    await q.query(
      `alter table cart add column customer_id uuid references customer (id) on delete set null`,
    );
    for (const table of [
      'customer',
      'customer_refresh_token',
      'customer_password_reset',
      'customer_address',
      'wishlist_item',
    ]) {
      await q.query(`select silkcart_isolate_by_store('${table}')`);
      await q.query(
        `grant select, insert, update, delete on ${table} to silkcart_app, silkcart_system`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table cart drop column customer_id`);
    await q.query(`alter table customer_order drop column customer_id`);
    await q.query(
      `drop table wishlist_item, customer_address, customer_password_reset, customer_refresh_token, customer`,
    );
  }
}
