import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications: one row per message (an email or an SMS), what the worker delivers and what
 * the history shows. Account messages (welcome, password reset) belong to no store: their
 * `store_id` is null, and row-level security matches it to a transaction with no store.
 */
export class Notifications1763700600000 implements MigrationInterface {
  name = 'Notifications1763700600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table notification (
        id uuid primary key default gen_random_uuid(),
        store_id uuid references store (id) on delete cascade,
        channel text not null check (channel in ('email', 'sms')),
        template text not null,
        recipient text not null,
        reply_to text,
        subject text,
        html text,
        body text not null,
        order_id uuid,
        status text not null default 'queued' check (status in ('queued', 'sent', 'failed')),
        attempts integer not null default 0,
        last_error text,
        transport text,
        provider_message_id text,
        claimed_until timestamptz,
        created_at timestamptz not null default clock_timestamp(),
        sent_at timestamptz
      )`);
    await q.query(`create index notification_store on notification (store_id, created_at desc)`);
    await q.query(
      `create index notification_order on notification (store_id, order_id) where order_id is not null`,
    );
    await q.query(`alter table notification enable row level security`);
    await q.query(`alter table notification force row level security`);
    await q.query(`
      create policy store_isolation on notification to silkcart_app
        using (store_id is not distinct from (select nullif(current_setting('app.store_id', true), '')::uuid))
        with check (store_id is not distinct from (select nullif(current_setting('app.store_id', true), '')::uuid))`);
    await q.query(
      `create policy all_stores on notification to silkcart_system using (true) with check (true)`,
    );
    await q.query(
      `grant select, insert, update, delete on notification to silkcart_app, silkcart_system`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table notification`);
  }
}
