import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * API keys of a store: secret keys act on the store's merchant routes with a role, publishable
 * keys identify a storefront. Only an HMAC of the key is stored. The api finds a key by that
 * hash before it knows the store, so the lookup (and the last-used stamp) go through functions
 * owned by silkcart_system, whose policy spans stores; the table itself is under row-level
 * security like every tenant table.
 */
export class ApiKeys1763701100000 implements MigrationInterface {
  name = 'ApiKeys1763701100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table api_key (
        id uuid primary key default gen_random_uuid(),
        store_id uuid not null references store (id) on delete cascade,
        name text not null,
        type text not null check (type in ('secret', 'publishable')),
        role text check (role in ('StoreAdmin', 'Manager', 'Staff', 'Viewer')),
        key_hash text not null unique,
        key_prefix text not null,
        created_at timestamptz not null default now(),
        last_used_at timestamptz,
        revoked_at timestamptz
      )`);
    await q.query(`create index api_key_store on api_key (store_id, created_at desc, id)`);
    await q.query(`select silkcart_isolate_by_store('api_key')`);
    await q.query(
      `grant select, insert, update, delete on api_key to silkcart_app, silkcart_system`,
    );

    await q.query(`
      create function api_key_by_hash(hash text)
      returns table (id uuid, store_id uuid, type text, role text)
      language sql stable security definer set search_path = public as $$
        select id, store_id, type, role from api_key where key_hash = hash and revoked_at is null
      $$`);
    await q.query(`
      create function api_key_touch(key_id uuid) returns void
      language sql security definer set search_path = public as $$
        update api_key set last_used_at = now() where id = key_id
      $$`);
    // A new owner needs CREATE on the schema for the change (see the read-model migration).
    await q.query(`grant create on schema public to silkcart_system`);
    for (const fn of ['api_key_by_hash(text)', 'api_key_touch(uuid)']) {
      await q.query(`alter function ${fn} owner to silkcart_system`);
      await q.query(`revoke all on function ${fn} from public`);
      await q.query(`grant execute on function ${fn} to silkcart_app`);
    }
    await q.query(`revoke create on schema public from silkcart_system`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop function api_key_touch(uuid)`);
    await q.query(`drop function api_key_by_hash(text)`);
    await q.query(`drop table api_key`);
  }
}
