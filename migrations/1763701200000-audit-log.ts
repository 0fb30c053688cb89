import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which resource tables an update is diffed on for the audit log, and the column that holds the
 * id the route names (a member is named by its user id). Later migrations attach the same
 * trigger to their own tables with `silkcart_audit_updates`.
 */
const AUDITED: Array<[table: string, idColumn: string]> = [
  ['store', 'id'],
  ['membership', 'user_id'],
  ['category', 'id'],
  ['product', 'id'],
  ['variant', 'id'],
  ['promotion', 'id'],
  ['review', 'id'],
  ['api_key', 'id'],
];

/**
 * The audit log: one row per successful merchant write, written by the api's request
 * interceptor in the request's transaction. Append-only for the application: silkcart_app and
 * silkcart_system may read and insert, never update or delete (the schema's default grants are
 * taken back), and row-level security keeps each store to its own entries.
 *
 * The `[before, after]` changes of an update are taken by the database: the interceptor names
 * the row the route updates (`app.audit_target`, transaction-local), and `audit_capture`, an
 * AFTER UPDATE trigger on the resource tables, adds each changed column of that row to
 * `app.audit_changes` in camelCase, leaving out timestamps, versions, search columns and
 * anything holding a hash, secret, password or token. Outside a merchant write the trigger's
 * WHEN clause is false and it costs nothing.
 */
export class AuditLog1763701200000 implements MigrationInterface {
  name = 'AuditLog1763701200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table audit_log (
        id uuid primary key default gen_random_uuid(),
        store_id uuid not null references store (id) on delete cascade,
        action text not null,
        resource_type text not null,
        resource_id text,
        actor_type text not null check (actor_type in ('user', 'api_key', 'system')),
        actor_id text,
        actor_label text,
        changes jsonb,
        request_id text,
        ip text,
        created_at timestamptz not null default clock_timestamp()
      )`);
    await q.query(
      `create index audit_log_recent on audit_log (store_id, created_at desc, id desc)`,
    );
    await q.query(
      `create index audit_log_resource on audit_log (store_id, resource_type, resource_id, created_at desc)`,
    );
    await q.query(
      `create index audit_log_actor on audit_log (store_id, actor_id, created_at desc)`,
    );
    await q.query(`select silkcart_isolate_by_store('audit_log')`);
    await q.query(`revoke all on audit_log from silkcart_app, silkcart_system`);
    await q.query(`grant select, insert on audit_log to silkcart_app, silkcart_system`);

    await q.query(`
      create function audit_capture() returns trigger language plpgsql as $$
      declare
        target text := current_setting('app.audit_target', true);
        before jsonb := to_jsonb(old);
        after jsonb := to_jsonb(new);
        found jsonb;
        col text;
        field text;
      begin
        if after ->> tg_argv[0] is distinct from target then
          return null;
        end if;
        found := coalesce(nullif(current_setting('app.audit_changes', true), '')::jsonb, '{}');
        for col in select jsonb_object_keys(after) loop
          continue when col in ('id', 'store_id', 'created_at', 'updated_at')
            or col ~ '(version|hash|secret|password|token|search|document)';
          continue when before -> col is not distinct from after -> col;
          field := lower(left(col, 1)) || substr(replace(initcap(replace(col, '_', ' ')), ' ', ''), 2);
          found := jsonb_set(found, array[field],
            jsonb_build_array(coalesce(found -> field -> 0, before -> col), after -> col));
        end loop;
        perform set_config('app.audit_changes', found::text, true);
        return null;
      end $$`);
    await q.query(`
      create function silkcart_audit_updates(tbl regclass, id_column text) returns void
      language plpgsql as $$
      begin
        execute format($t$create trigger audit_changes after update on %s for each row
          when (current_setting('app.audit_target', true) <> '')
          execute function audit_capture(%L)$t$, tbl, id_column);
      end $$`);
    for (const [table, idColumn] of AUDITED) {
      await q.query(`select silkcart_audit_updates($1, $2)`, [table, idColumn]);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table] of AUDITED) {
      await q.query(`drop trigger audit_changes on ${table}`);
    }
    await q.query(`drop function silkcart_audit_updates(regclass, text)`);
    await q.query(`drop function audit_capture()`);
    await q.query(`drop table audit_log`);
  }
}
