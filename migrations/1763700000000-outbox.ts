import { MigrationInterface, QueryRunner } from 'typeorm';

export class Outbox1763700000000 implements MigrationInterface {
  name = 'Outbox1763700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table outbox_message (
        id uuid primary key default gen_random_uuid(),
        type text not null,
        queue text not null,
        store_id uuid,
        payload jsonb not null,
        envelope jsonb not null,
        status text not null default 'pending'
          check (status in ('pending', 'queued', 'running', 'done', 'failed')),
        attempts integer not null default 0,
        max_attempts integer not null check (max_attempts > 0),
        run_at timestamptz not null default now(),
        locked_until timestamptz,
        last_error text,
        created_at timestamptz not null default clock_timestamp(),
        completed_at timestamptz
      )`);
    await q.query(`
      create index outbox_message_due on outbox_message (created_at)
        where status in ('pending', 'running')`);
    await q.query(`
      create index outbox_message_done on outbox_message (completed_at) where status = 'done'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table outbox_message`);
  }
}
