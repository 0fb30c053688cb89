import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Custom domains of a store's storefront. A hostname belongs to one store at most (a unique
 * index across stores; row-level security keeps the rows themselves to their store). The api
 * finds the store of a request's verified Host before it knows the store, through
 * `store_slug_by_domain`, owned by silkcart_system like the API-key lookup.
 */
export class Domains1763701400000 implements MigrationInterface {
  name = 'Domains1763701400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table store_domain (
        id uuid primary key default gen_random_uuid(),
        store_id uuid not null references store (id) on delete cascade,
        hostname text not null,
        status text not null default 'pending' check (status in ('pending', 'verified')),
        verification_value text not null,
        created_at timestamptz not null default now(),
        verified_at timestamptz
      )`);
    await q.query(`create unique index store_domain_hostname on store_domain (hostname)`);
    await q.query(`create index store_domain_store on store_domain (store_id, created_at)`);
    await q.query(`select silkcart_isolate_by_store('store_domain')`);
    await q.query(
      `grant select, insert, update, delete on store_domain to silkcart_app, silkcart_system`,
    );
    await q.query(`select silkcart_audit_updates('store_domain', 'id')`);
    await q.query(`
      create function store_slug_by_domain(host text) returns text
      language sql stable security definer set search_path = public as $$
        select s.slug from store_domain d join store s on s.id = d.store_id
         where d.hostname = host and d.status = 'verified'
      $$`);
    await q.query(`grant create on schema public to silkcart_system`);
    await q.query(`alter function store_slug_by_domain(text) owner to silkcart_system`);
    await q.query(`revoke create on schema public from silkcart_system`);
    await q.query(`revoke all on function store_slug_by_domain(text) from public`);
    await q.query(`grant execute on function store_slug_by_domain(text) to silkcart_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop function store_slug_by_domain(text)`);
    await q.query(`drop table store_domain`);
  }
}
