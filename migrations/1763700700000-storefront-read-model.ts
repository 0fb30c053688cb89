import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The storefront read model: one row per active product, holding its public document
 * (pre-rendered JSON text), its sort keys, its categories with all their ancestors, and its
 * search vector. Storefront list, search and detail read this table only, each in one
 * statement; the catalog refreshes the rows a write touches in the writing transaction
 * (`storefront_refresh`, called by StorefrontReadModel).
 */
export class StorefrontReadModel1763700700000 implements MigrationInterface {
  name = 'StorefrontReadModel1763700700000';

  async up(q: QueryRunner): Promise<void> {
    // The rating summary of published reviews, kept by the catalog facade when one is moderated.
    await q.query(`alter table product add column rating_average numeric(2, 1),
                     add column rating_count integer not null default 0`);
    await q.query(`
      create table storefront_product (
        product_id uuid primary key references product (id) on delete cascade,
        store_id uuid not null references store (id) on delete cascade,
        slug text not null,
        title_key text not null,
        created_at timestamptz not null,
        price_min integer,
        price_max integer,
        prices integer[] not null,
        in_stock boolean not null,
        rating_average numeric(2, 1),
        search tsvector not null,
        document text not null,
        unique (store_id, slug)
      )`);
    // One index per ordering; `-price` and `-title` scan theirs backwards.
    await q.query(
      `create index storefront_product_price on storefront_product (store_id, price_min, product_id)`,
    );
    await q.query(
      `create index storefront_product_created on storefront_product (store_id, created_at desc, product_id)`,
    );
    await q.query(
      `create index storefront_product_title on storefront_product (store_id, title_key, product_id)`,
    );
    await q.query(
      `create index storefront_product_search on storefront_product using gin (search)`,
    );
    await q.query(
      `create index storefront_product_title_trgm on storefront_product using gin (title_key gin_trgm_ops)`,
    );

    // Each product filed under its categories and all their ancestors, with the sort keys, so
    // a category page is a range of one btree index (equality on uuids and comparisons of
    // numbers and text are leakproof: PostgreSQL uses them as index conditions under
    // row-level security, which it does not do for array containment or text search).
    await q.query(`
      create table storefront_category_product (
        category_id uuid not null references category (id) on delete cascade,
        product_id uuid not null references storefront_product (product_id) on delete cascade,
        store_id uuid not null references store (id) on delete cascade,
        price_min integer,
        created_at timestamptz not null,
        title_key text not null,
        rating_average numeric(2, 1),
        primary key (category_id, product_id) include (store_id)
      )`);
    await q.query(
      `create index storefront_category_price on storefront_category_product (category_id, price_min, product_id)`,
    );
    await q.query(
      `create index storefront_category_created on storefront_category_product (category_id, created_at desc, product_id)`,
    );
    await q.query(
      `create index storefront_category_title on storefront_category_product (category_id, title_key, product_id)`,
    );
    await q.query(
      `create index storefront_category_rating on storefront_category_product (category_id, rating_average, product_id)`,
    );
    await q.query(
      `create index storefront_category_rating_desc on storefront_category_product (category_id, rating_average desc nulls last, product_id)`,
    );
    await q.query(
      `create index storefront_category_product_product on storefront_category_product (product_id)`,
    );
    for (const table of ['storefront_product', 'storefront_category_product']) {
      await q.query(`select silkcart_isolate_by_store('${table}')`);
      await q.query(
        `grant select, insert, update, delete on ${table} to silkcart_app, silkcart_system`,
      );
    }

    // Full-text matches of the current store's products (app.store_id, as the policies), or
    // typo matches when there are none. Text search operators are not leakproof, so under row-level security
    // PostgreSQL would filter every row of the store instead of using the GIN indexes: this
    // runs as silkcart_system (whose policy spans stores) and keeps to the store itself. It
    // answers ids only; the documents are read under row-level security.
    await q.query(`
      create function storefront_search(words tsquery, typed text) returns setof uuid
      language plpgsql stable security definer set search_path = public rows 100 as $$
      begin
        -- Words and word prefixes first; a typo match (trigram word similarity on the title)
        -- only when they find nothing. PL/pgSQL keeps the statements' plans for the session.
        return query
          select product_id from storefront_product
           where store_id = nullif(current_setting('app.store_id', true), '')::uuid and search @@ words;
        if not found then
          return query
            select product_id from storefront_product
             where store_id = nullif(current_setting('app.store_id', true), '')::uuid and typed <% title_key;
        end if;
      end $$`);
    // A new owner needs CREATE on the schema (PostgreSQL 15 no longer grants it to everyone);
    // the function keeps its owner once the grant is taken back.
    await q.query(`grant create on schema public to silkcart_system`);
    await q.query(`alter function storefront_search(tsquery, text) owner to silkcart_system`);
    await q.query(`revoke create on schema public from silkcart_system`);
    await q.query(`revoke all on function storefront_search(tsquery, text) from public`);
    await q.query(`grant execute on function storefront_search(tsquery, text) to silkcart_app`);

    // A product's public document, in the contract's field order.
    await q.query(`
      create function storefront_document(p product, currency text) returns text
      language sql stable as $$
        select json_build_object(
          'id', p.id, 'slug', p.slug, 'title', p.title, 'description', p.description,
          'images', coalesce((select json_agg(json_build_object('id', i.id, 'url', i.url, 'alt', i.alt,
                     'position', i.position) order by i.position, i.created_at)
                     from product_image i where i.product_id = p.id), '[]'),
          'priceMin', p.price_min, 'priceMax', p.price_max, 'currency', currency, 'inStock', p.in_stock,
          'categories', coalesce((select json_agg(c.slug order by c.position, c.slug) from product_category pc
                         join category c on c.id = pc.category_id where pc.product_id = p.id), '[]'),
          'variants', coalesce((select json_agg(json_build_object('id', v.id, 'sku', v.sku, 'title', v.title,
                       'price', v.price, 'inStock', v.stock > 0, 'options', v.options) order by v.position, v.created_at)
                       from variant v where v.product_id = p.id), '[]'),
          'rating', json_build_object('average', p.rating_average, 'count', p.rating_count))::text
      $$`);

    // Brings the rows of these products up to date: active ones (re)written, others removed.
    await q.query(`
      create function storefront_refresh(ids uuid[], currency text) returns integer
      language plpgsql as $$
      declare
        written integer;
      begin
        delete from storefront_category_product where product_id = any(ids);
        delete from storefront_product s
         where s.product_id = any(ids)
           and not exists (select 1 from product p where p.id = s.product_id and p.status = 'active');
        insert into storefront_product as s (product_id, store_id, slug, title_key, created_at, price_min,
               price_max, prices, in_stock, rating_average, search, document)
        select p.id, p.store_id, p.slug, lower(p.title), p.created_at, p.price_min, p.price_max,
               coalesce((select array_agg(distinct v.price) from variant v where v.product_id = p.id), '{}'),
               p.in_stock, p.rating_average, p.search, storefront_document(p, currency)
          from product p
         where p.id = any(ids) and p.status = 'active'
        on conflict (product_id) do update set
          slug = excluded.slug, title_key = excluded.title_key, created_at = excluded.created_at,
          price_min = excluded.price_min, price_max = excluded.price_max, prices = excluded.prices,
          in_stock = excluded.in_stock, rating_average = excluded.rating_average, search = excluded.search,
          document = excluded.document;
        get diagnostics written = row_count;
        -- Filed under each category and every ancestor (a cycle cannot be saved; depth caps it anyway).
        insert into storefront_category_product (category_id, product_id, store_id, price_min, created_at, title_key,
               rating_average)
        with recursive up as (
          select pc.product_id, c.id, c.parent_id, 1 as depth
            from product_category pc join category c on c.id = pc.category_id
           where pc.product_id = any(ids)
          union all
          select up.product_id, c.id, c.parent_id, up.depth + 1
            from up join category c on c.id = up.parent_id where up.depth < 100)
        select distinct up.id, s.product_id, s.store_id, s.price_min, s.created_at, s.title_key, s.rating_average
          from up join storefront_product s on s.product_id = up.product_id;
        return written;
      end $$`);

    // Statistics right after a bulk change, before autovacuum gets there. ANALYZE needs the
    // tables' owner, so the application role calls it through this function.
    await q.query(`
      create function storefront_analyze() returns void language plpgsql security definer
      set search_path = public as $$
      begin
        analyze storefront_product;
        analyze storefront_category_product;
        analyze product;
        analyze variant;
        analyze product_category;
      end $$`);
    await q.query(`revoke all on function storefront_analyze() from public`);
    await q.query(
      `grant execute on function storefront_analyze() to silkcart_app, silkcart_system`,
    );

    // Existing stores: every active product gets its row (as the role whose policy spans stores:
    // row-level security is forced, so the owner alone would see no product).
    await q.query(`set role silkcart_system`);
    await q.query(`
      select storefront_refresh(array_agg(p.id), s.currency)
        from product p join store s on s.id = p.store_id
       where p.status = 'active'
       group by s.id, s.currency`);
    await q.query(`reset role`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop function storefront_analyze()`);
    await q.query(`drop function storefront_refresh(uuid[], text)`);
    await q.query(`drop function storefront_document(product, text)`);
    await q.query(`drop function storefront_search(tsquery, text)`);
    await q.query(`drop table storefront_category_product, storefront_product`);
    await q.query(`alter table product drop column rating_average, drop column rating_count`);
  }
}
