import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Promotions (discount codes) and their redemptions. A redemption is written in the order's
 * transaction: `times_used` moves by a conditional update (never past `usage_limit`), and a
 * partial unique index allows one live redemption per email where the code says so. An order
 * that expires or is cancelled unpaid releases its redemption.
 */
export class Promotions1763700800000 implements MigrationInterface {
  name = 'Promotions1763700800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table promotion (
        id uuid primary key default gen_random_uuid(),
        store_id uuid not null references store (id) on delete cascade,
        code text not null check (code ~ '^[A-Z0-9_-]{3,32}$'),
        type text not null check (type in ('percentage', 'fixed', 'free_shipping')),
        value integer,
        min_subtotal integer check (min_subtotal >= 0),
        starts_at timestamptz,
        ends_at timestamptz,
        usage_limit integer check (usage_limit >= 1),
        once_per_email boolean not null default false,
        enabled boolean not null default true,
        times_used integer not null default 0 check (times_used >= 0),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (store_id, code)
      )`);
    await q.query(`create index promotion_list on promotion (store_id, created_at desc, id)`);
    await q.query(`
      create table promotion_redemption (
        order_id uuid primary key references customer_order (id) on delete cascade,
        store_id uuid not null references store (id) on delete cascade,
        promotion_id uuid not null references promotion (id) on delete cascade,
        email_key text not null,
        once_per_email boolean not null,
        created_at timestamptz not null default now(),
        released_at timestamptz
      )`);
    await q.query(
      `create unique index promotion_redemption_once on promotion_redemption (promotion_id, email_key)
        where once_per_email and released_at is null`,
    );
    await q.query(`alter table cart add column promotion_code text`);
    await q.query(`alter table customer_order add column promotion_code text`);
    for (const table of ['promotion', 'promotion_redemption']) {
      await q.query(`select silkcart_isolate_by_store('${table}')`);
      await q.query(
        `grant select, insert, update, delete on ${table} to silkcart_app, silkcart_system`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table customer_order drop column promotion_code`);
    await q.query(`alter table cart drop column promotion_code`);
    await q.query(`drop table promotion_redemption, promotion`);
  }
}
