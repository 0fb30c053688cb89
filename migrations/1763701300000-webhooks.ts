import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outbound webhooks: a store's endpoints (with the `whsec_` signing secret, kept as is because
 * every delivery is signed with it) and one delivery per endpoint and event, carrying the exact
 * body sent so every attempt sends the same bytes. Both tenant-owned, under row-level security;
 * silkcart_system reads deliveries across stores for the schedule that queues due retries.
 */
export class Webhooks1763701300000 implements MigrationInterface {
  name = 'Webhooks1763701300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table webhook_endpoint (
        id uuid primary key default gen_random_uuid(),
        store_id uuid not null references store (id) on delete cascade,
        url text not null,
        events text[] not null check (cardinality(events) > 0),
        description text,
        enabled boolean not null default true,
        secret text not null,
        created_at timestamptz not null default clock_timestamp(),
        updated_at timestamptz not null default clock_timestamp(),
        unique (store_id, id)
      )`);
    await q.query(
      `create index webhook_endpoint_store on webhook_endpoint (store_id, created_at, id)`,
    );
    await q.query(`
      create table webhook_delivery (
        id uuid primary key default gen_random_uuid(),
        store_id uuid not null,
        endpoint_id uuid not null,
        event_id uuid not null,
        event_type text not null,
        payload text not null,
        status text not null default 'pending'
          check (status in ('pending', 'succeeded', 'failed')),
        attempts integer not null default 0,
        response_status integer,
        last_error text,
        created_at timestamptz not null default clock_timestamp(),
        next_attempt_at timestamptz,
        delivered_at timestamptz,
        queued_at timestamptz,
        claimed_until timestamptz,
        foreign key (store_id, endpoint_id) references webhook_endpoint (store_id, id)
          on delete cascade,
        unique (endpoint_id, event_id)
      )`);
    await q.query(
      `create index webhook_delivery_list on webhook_delivery (endpoint_id, created_at desc, id)`,
    );
    await q.query(
      `create index webhook_delivery_due on webhook_delivery (next_attempt_at) where status = 'pending'`,
    );
    for (const table of ['webhook_endpoint', 'webhook_delivery']) {
      await q.query(`select silkcart_isolate_by_store('${table}')`);
      await q.query(
        `grant select, insert, update, delete on ${table} to silkcart_app, silkcart_system`,
      );
    }
    // A PATCH's [before, after] in the audit log (the secret column is left out by name).
    await q.query(`select silkcart_audit_updates('webhook_endpoint', 'id')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table webhook_delivery`);
    await q.query(`drop table webhook_endpoint`);
  }
}
