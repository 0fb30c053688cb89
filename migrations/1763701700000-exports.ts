import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Exports (notifications): one `data_export` row per run (CSV or Google Sheets, a dry run
 * counting only) and `export_schedule`, whose `since_mark` is the high-water mark of its last
 * successful run. Both tenant-owned under row-level security; silkcart_system reads schedules
 * across stores for the job that starts the due ones.
 *
 * `customer_order.updated_at` is added (kept by a trigger on every update, backfilled from the
 * lifecycle times) so an export can keep the orders "created or changed since".
 */
export class Exports1763701700000 implements MigrationInterface {
  name = 'Exports1763701700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table export_schedule (
        id uuid primary key default gen_random_uuid(),
        store_id uuid not null references store (id) on delete cascade,
        type text not null check (type in ('orders', 'order-items', 'products', 'customers')),
        format text not null check (format in ('csv', 'google-sheets')),
        destination jsonb,
        every text not null check (every in ('hour', 'day', 'week')),
        since_mark timestamptz,
        last_run_at timestamptz,
        next_run_at timestamptz not null,
        created_at timestamptz not null default clock_timestamp(),
        unique (store_id, id)
      )`);
    await q.query(
      `create index export_schedule_list on export_schedule (store_id, created_at, id)`,
    );
    await q.query(`create index export_schedule_due on export_schedule (next_run_at)`);
    await q.query(`
      create table data_export (
        id uuid primary key default gen_random_uuid(),
        store_id uuid not null references store (id) on delete cascade,
        type text not null check (type in ('orders', 'order-items', 'products', 'customers')),
        format text not null check (format in ('csv', 'google-sheets')),
        destination jsonb,
        status text not null default 'queued'
          check (status in ('queued', 'running', 'succeeded', 'failed')),
        dry_run boolean not null default false,
        updated_since timestamptz,
        row_count integer,
        error text,
        schedule_id uuid references export_schedule (id) on delete set null,
        started_at timestamptz,
        created_at timestamptz not null default clock_timestamp(),
        finished_at timestamptz
      )`);
    await q.query(`create index data_export_list on data_export (store_id, created_at desc, id)`);
    await q.query(
      `create index data_export_schedule on data_export (schedule_id, created_at desc) where schedule_id is not null`,
    );
    for (const table of ['export_schedule', 'data_export']) {
      await q.query(`select silkcart_isolate_by_store('${table}')`);
      await q.query(
        `grant select, insert, update, delete on ${table} to silkcart_app, silkcart_system`,
      );
    }

    await q.query(`alter table customer_order add column updated_at timestamptz`);
    await q.query(`
      update customer_order set updated_at =
        greatest(created_at, paid_at, fulfilled_at, cancelled_at, expired_at)`);
    await q.query(
      `alter table customer_order alter column updated_at set default now(), alter column updated_at set not null`,
    );
    await q.query(`
      create function silkcart_touch_updated_at() returns trigger language plpgsql as $$
      begin
        new.updated_at := greatest(now(), old.updated_at);
        return new;
      end $$`);
    await q.query(`
      create trigger customer_order_touch before update on customer_order
        for each row execute function silkcart_touch_updated_at()`);
    await q.query(
      `create index customer_order_store_updated on customer_order (store_id, updated_at)`,
    );
    // Exports walk a store's orders oldest first, a keyset page at a time.
    await q.query(
      `create index customer_order_store_oldest on customer_order (store_id, created_at, id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop index customer_order_store_oldest`);
    await q.query(`drop trigger customer_order_touch on customer_order`);
    await q.query(`drop function silkcart_touch_updated_at()`);
    await q.query(`alter table customer_order drop column updated_at`);
    await q.query(`drop table data_export`);
    await q.query(`drop table export_schedule`);
  }
}
