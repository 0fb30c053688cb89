import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The application role, the row-level-security helper every tenant table uses, and the
 * identity and tenancy tables.
 */
export class IdentityTenancy1763700100000 implements MigrationInterface {
  name = 'IdentityTenancy1763700100000';

  async up(q: QueryRunner): Promise<void> {
    // The roles the api and worker run their queries as: silkcart_app for everything scoped
    // to a store, silkcart_system (taken with SET LOCAL ROLE) for maintenance jobs that span
    // stores. Neither is a superuser or has BYPASSRLS. Roles are cluster-wide, so another
    // database on the same server may have created them already.
    for (const role of ['silkcart_app', 'silkcart_system']) {
      await q.query(`
        do $$ begin
          if not exists (select 1 from pg_roles where rolname = '${role}') then
            create role ${role} nologin nosuperuser nobypassrls;
          end if;
        exception when duplicate_object then null;
        end $$`);
      await q.query(`grant usage on schema public to ${role}`);
      await q.query(
        `alter default privileges in schema public grant select, insert, update, delete on tables to ${role}`,
      );
      await q.query(
        `alter default privileges in schema public grant usage, select on sequences to ${role}`,
      );
    }
    // silkcart_app may SET ROLE silkcart_system but must not carry its policies: a grant
    // without INHERIT (PostgreSQL 16+), or a NOINHERIT role before that.
    await q.query(`
      do $$ begin
        if current_setting('server_version_num')::int >= 160000 then
          execute 'grant silkcart_system to silkcart_app with inherit false, set true';
        else
          execute 'alter role silkcart_app noinherit';
          execute 'grant silkcart_system to silkcart_app';
        end if;
      end $$`);
    // The migrating user connects the application and switches to silkcart_app on connect.
    await q.query(`grant silkcart_app to current_user`);

    // Tenant isolation for one table: silkcart_app sees and writes only the rows of the store
    // its transaction is scoped to (app.store_id); silkcart_system sees every store. One plain
    // equality per role keeps the (store_id, ...) indexes usable.
    await q.query(`
      create function silkcart_isolate_by_store(tbl regclass) returns void language plpgsql as $$
      begin
        execute format('alter table %s enable row level security', tbl);
        execute format('alter table %s force row level security', tbl);
        -- The setting sits in a scalar subquery: evaluated once per query (an InitPlan), not
        -- once per row, and still usable as an index condition.
        execute format($p$create policy store_isolation on %s to silkcart_app
          using (store_id = (select nullif(current_setting('app.store_id', true), '')::uuid))
          with check (store_id = (select nullif(current_setting('app.store_id', true), '')::uuid))$p$, tbl);
        execute format('create policy all_stores on %s to silkcart_system using (true) with check (true)', tbl);
      end $$`);

    await q.query(`
      create table app_user (
        id uuid primary key default gen_random_uuid(),
        email text not null,
        name text not null,
        password_hash text not null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
    await q.query(`create unique index app_user_email_key on app_user (lower(email))`);
    await q.query(`
      create table refresh_token (
        id uuid primary key default gen_random_uuid(),
        user_id uuid not null references app_user (id) on delete cascade,
        login_id uuid not null,
        token_hash text not null unique,
        expires_at timestamptz not null,
        used_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz not null default now()
      )`);
    await q.query(`create index refresh_token_login on refresh_token (login_id)`);
    await q.query(`create index refresh_token_user on refresh_token (user_id)`);
    await q.query(`
      create table password_reset (
        id uuid primary key default gen_random_uuid(),
        user_id uuid not null references app_user (id) on delete cascade,
        token_hash text not null unique,
        expires_at timestamptz not null,
        used_at timestamptz,
        created_at timestamptz not null default now()
      )`);

    await q.query(`
      create table store (
        id uuid primary key default gen_random_uuid(),
        slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$'),
        name text not null,
        currency char(3) not null,
        support_email text,
        settings jsonb not null default '{}',
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
    await q.query(`
      create table membership (
        store_id uuid not null references store (id) on delete cascade,
        user_id uuid not null references app_user (id) on delete cascade,
        role text not null check (role in ('StoreAdmin', 'Manager', 'Staff', 'Viewer')),
        created_at timestamptz not null default now(),
        primary key (store_id, user_id)
      )`);
    await q.query(`create index membership_user on membership (user_id)`);

    // The store's activity log: the first tenant-owned table, isolated by the database.
    await q.query(`
      create table store_activity (
        id uuid primary key default gen_random_uuid(),
        store_id uuid not null references store (id) on delete cascade,
        actor_id uuid,
        action text not null,
        details jsonb not null default '{}',
        created_at timestamptz not null default now()
      )`);
    await q.query(
      `create index store_activity_store on store_activity (store_id, created_at desc)`,
    );
    await q.query(`select silkcart_isolate_by_store('store_activity')`);
    await q.query(
      `grant select, insert, update, delete on all tables in schema public to silkcart_app`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `drop table store_activity, membership, store, password_reset, refresh_token, app_user`,
    );
    await q.query(`drop function silkcart_isolate_by_store(regclass)`);
    await q.query(
      `alter default privileges in schema public revoke all on tables from silkcart_app`,
    );
    await q.query(
      `alter default privileges in schema public revoke all on sequences from silkcart_app`,
    );
    await q.query(`revoke all on all tables in schema public from silkcart_app`);
    await q.query(`revoke all on all sequences in schema public from silkcart_app`);
    await q.query(`revoke usage on schema public from silkcart_app`);
  }
}
