import { MigrationInterface, QueryRunner } from 'typeorm';

// The search as the read-model migration made it (restored by `down`).
const SEARCH_IDS = `
  create function storefront_search(words tsquery, typed text) returns setof uuid
  language plpgsql stable security definer set search_path = public rows 100 as $$
  begin
    return query
      select product_id from storefront_product
       where store_id = nullif(current_setting('app.store_id', true), '')::uuid and search @@ words;
    if not found then
      return query
        select product_id from storefront_product
         where store_id = nullif(current_setting('app.store_id', true), '')::uuid and typed <% title_key;
    end if;
  end $$`;

const SEARCH_KEYS = `
  create function storefront_search(words tsquery, typed text)
  returns table (product_id uuid, store_id uuid, price_min integer, price_max integer, prices integer[],
                 in_stock boolean, created_at timestamptz, title_key text, rating_average numeric(2, 1))
  language plpgsql stable security definer set search_path = public rows 100 as $$
  begin
    return query
      select s.product_id, s.store_id, s.price_min, s.price_max, s.prices, s.in_stock, s.created_at,
             s.title_key, s.rating_average
        from storefront_product s
       where s.store_id = nullif(current_setting('app.store_id', true), '')::uuid and s.search @@ words;
    if not found then
      return query
        select s.product_id, s.store_id, s.price_min, s.price_max, s.prices, s.in_stock, s.created_at,
               s.title_key, s.rating_average
          from storefront_product s
         where s.store_id = nullif(current_setting('app.store_id', true), '')::uuid and typed <% s.title_key;
    end if;
  end $$`;

const SPACED_DOCUMENT = `
  create or replace function storefront_document(p product, currency text) returns text
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
  $$`;

/**
 * Two changes to the storefront read model.
 *
 * Documents written compactly, like every other answer of the api (`{"id":"…","slug":…}`):
 * `json_build_object` and `json_agg` put spaces around colons and after commas, `to_json` of a
 * row and `array_to_json` do not, and `storefront_json` writes a jsonb value (variant options)
 * without the spaces of jsonb's text form. Same fields, same order, same values.
 *
 * The search answers its matches' sort and filter keys, not only their ids: it has read those
 * rows already, and joining the ids back to storefront_product made PostgreSQL hash the whole
 * store (a sequential scan) on catalogs of a few thousand products. Its prefix match plans on
 * the GIN index because every scoped read sets `enable_seqscan = off` (`readScope`): PostgreSQL
 * prices a prefix match (`crimson:*`) so high that it scanned the table instead, ten times
 * slower on 2,000 products.
 */
export class StorefrontCompactSearch1763701800000 implements MigrationInterface {
  name = 'StorefrontCompactSearch1763701800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create function storefront_json(j jsonb) returns text
      language plpgsql immutable as $$
      begin
        return case jsonb_typeof(j)
          when 'object' then coalesce((select '{' || string_agg(to_json(e.key)::text || ':' || storefront_json(e.value), ','
                                                                 order by e.ord) || '}'
                                         from jsonb_each(j) with ordinality as e(key, value, ord)), '{}')
          when 'array' then coalesce((select '[' || string_agg(storefront_json(e.value), ',' order by e.ord) || ']'
                                        from jsonb_array_elements(j) with ordinality as e(value, ord)), '[]')
          else j::text end;
      end $$`);
    await q.query(`
      create or replace function storefront_document(p product, currency text) returns text
      language sql stable as $$
        select to_json(d)::text from (select
          p.id, p.slug, p.title, p.description,
          coalesce((select array_to_json(array_agg(
                              (select to_json(r) from (select i.id, i.url, i.alt, i.position) r)
                              order by i.position, i.created_at))
                      from product_image i where i.product_id = p.id), '[]') as images,
          p.price_min as "priceMin", p.price_max as "priceMax", currency, p.in_stock as "inStock",
          coalesce((select array_to_json(array_agg(c.slug order by c.position, c.slug))
                      from product_category pc join category c on c.id = pc.category_id
                     where pc.product_id = p.id), '[]') as categories,
          coalesce((select array_to_json(array_agg(
                              (select to_json(r) from (select v.id, v.sku, v.title, v.price, v.stock > 0 as "inStock",
                                                              storefront_json(v.options)::json as options) r)
                              order by v.position, v.created_at))
                      from variant v where v.product_id = p.id), '[]') as variants,
          (select to_json(r) from (select p.rating_average as average, p.rating_count as count) r) as rating) d
      $$`);
    await q.query(`drop function storefront_search(tsquery, text)`);
    await this.createSearch(q, SEARCH_KEYS);
    await this.rerender(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop function storefront_search(tsquery, text)`);
    await this.createSearch(q, SEARCH_IDS);
    await q.query(SPACED_DOCUMENT);
    await q.query(`drop function storefront_json(jsonb)`);
    await this.rerender(q);
  }

  /** The search runs as silkcart_system (its policy spans stores) and keeps to app.store_id. */
  private async createSearch(q: QueryRunner, sql: string): Promise<void> {
    await q.query(sql);
    // A new owner needs CREATE on the schema (PostgreSQL 15 no longer grants it to everyone).
    await q.query(`grant create on schema public to silkcart_system`);
    await q.query(`alter function storefront_search(tsquery, text) owner to silkcart_system`);
    await q.query(`revoke create on schema public from silkcart_system`);
    await q.query(`revoke all on function storefront_search(tsquery, text) from public`);
    await q.query(`grant execute on function storefront_search(tsquery, text) to silkcart_app`);
  }

  /** Every stored document written again (as the role whose policy spans stores). */
  private async rerender(q: QueryRunner): Promise<void> {
    await q.query(`set role silkcart_system`);
    await q.query(`
      select storefront_refresh(array_agg(p.id), s.currency)
        from product p join store s on s.id = p.store_id
       where p.status = 'active'
       group by s.id, s.currency`);
    await q.query(`reset role`);
  }
}
