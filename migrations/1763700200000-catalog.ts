import { MigrationInterface, QueryRunner } from 'typeorm';

/** Catalog: categories, products, variants, images, and the per-store catalog version. */
export class Catalog1763700200000 implements MigrationInterface {
  name = 'Catalog1763700200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`create extension if not exists pg_trgm`);
    await q.query(`
      create table category (
        id uuid primary key default gen_random_uuid(),
        store_id uuid not null references store (id) on delete cascade,
        name text not null,
        slug text not null,
        parent_id uuid references category (id) on delete set null,
        position integer not null default 0,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (store_id, slug)
      )`);
    await q.query(`create index category_parent on category (store_id, parent_id, position)`);

    // price_min, price_max and in_stock are kept from the variants by the same transaction
    // that writes them, so storefront lists filter and order on indexed product columns.
    await q.query(`
      create table product (
        id uuid primary key default gen_random_uuid(),
        store_id uuid not null references store (id) on delete cascade,
        slug text not null,
        title text not null,
        description text not null default '',
        status text not null default 'draft' check (status in ('draft', 'active', 'archived')),
        price_min integer,
        price_max integer,
        in_stock boolean not null default false,
        search tsvector generated always as (
          setweight(to_tsvector('simple', title), 'A') ||
          setweight(to_tsvector('simple', description), 'B')) stored,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (store_id, slug)
      )`);
    await q.query(`create index product_admin_created on product (store_id, created_at desc, id)`);
    await q.query(
      `create index product_active_created on product (store_id, created_at desc, id) where status = 'active'`,
    );
    await q.query(
      `create index product_active_price on product (store_id, price_min, id) where status = 'active'`,
    );
    await q.query(
      `create index product_active_title on product (store_id, lower(title), id) where status = 'active'`,
    );
    await q.query(`create index product_search on product using gin (search)`);
    await q.query(
      `create index product_title_trgm on product using gin (lower(title) gin_trgm_ops)`,
    );

    await q.query(`
      create table product_category (
        store_id uuid not null references store (id) on delete cascade,
        product_id uuid not null references product (id) on delete cascade,
        category_id uuid not null references category (id) on delete cascade,
        primary key (product_id, category_id)
      )`);
    await q.query(
      `create index product_category_category on product_category (category_id, product_id)`,
    );

    await q.query(`
      create table variant (
        id uuid primary key default gen_random_uuid(),
        store_id uuid not null references store (id) on delete cascade,
        product_id uuid not null references product (id) on delete cascade,
        sku text not null,
        title text not null default '',
        price integer not null check (price >= 0),
        compare_at_price integer check (compare_at_price >= 0),
        stock integer not null check (stock >= 0),
        low_stock_threshold integer not null default 5 check (low_stock_threshold >= 0),
        options jsonb not null default '{}',
        position integer not null default 0,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (store_id, sku)
      )`);
    await q.query(`create index variant_product on variant (product_id, position)`);
    await q.query(`create index variant_price on variant (store_id, price, product_id)`);

    await q.query(`
      create table product_image (
        id uuid primary key default gen_random_uuid(),
        store_id uuid not null references store (id) on delete cascade,
        product_id uuid not null references product (id) on delete cascade,
        storage_key text not null,
        url text not null,
        alt text not null default '',
        content_type text not null,
        size integer not null,
        position integer not null default 0,
        created_at timestamptz not null default now()
      )`);
    await q.query(`create index product_image_product on product_image (product_id, position)`);

    // Bumped by the transaction of every catalog write; storefront caches key on it.
    await q.query(`
      create table catalog_version (
        store_id uuid primary key references store (id) on delete cascade,
        version bigint not null default 0
      )`);

    // Each api process keeps the versions in memory and learns of other processes' writes
    // from this notification, which PostgreSQL sends only when the writing transaction commits.
    await q.query(`
      create function catalog_version_notify() returns trigger language plpgsql as $$
      begin
        perform pg_notify('catalog_version', new.store_id::text || ':' || new.version::text);
        return new;
      end $$`);
    await q.query(`
      create trigger catalog_version_notify after insert or update on catalog_version
        for each row execute function catalog_version_notify()`);

    for (const table of [
      'category',
      'product',
      'product_category',
      'variant',
      'product_image',
      'catalog_version',
    ]) {
      await q.query(`select silkcart_isolate_by_store('${table}')`);
    }
    // The version counter is public knowledge (the storefront is public): any store's can be
    // read without a store scope, so a cached read needs no transaction. Writes stay isolated.
    await q.query(
      `create policy version_read on catalog_version for select to silkcart_app using (true)`,
    );
    await q.query(
      `grant select, insert, update, delete on all tables in schema public to silkcart_app, silkcart_system`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `drop table catalog_version, product_image, variant, product_category, product, category`,
    );
    await q.query(`drop function catalog_version_notify()`);
  }
}
