import { Injectable } from '@nestjs/common';
import { sqlLiteral, type RequestContext } from '@silkcart/shared';
import { prefixTsQuery, StorefrontOrdering } from '../domain/product';

export interface StorefrontFilter {
  q?: string;
  category?: string;
  priceMin?: number;
  priceMax?: number;
  inStock?: boolean;
  ordering: StorefrontOrdering;
  page: number;
  limit: number;
}

// Sort keys: storefront_product and storefront_category_product both have these columns and
// an index on (store_id or category_id, key, product_id) for each; `-price` and `-title` scan
// theirs backwards.
const ORDER_SQL: Record<StorefrontOrdering, (t: string) => string> = {
  price: (t) => `${t}.price_min asc, ${t}.product_id`,
  '-price': (t) => `${t}.price_min desc, ${t}.product_id desc`,
  created: (t) => `${t}.created_at asc, ${t}.product_id asc`,
  '-created': (t) => `${t}.created_at desc, ${t}.product_id`,
  title: (t) => `${t}.title_key asc, ${t}.product_id`,
  '-title': (t) => `${t}.title_key desc, ${t}.product_id desc`,
  rating: (t) => `${t}.rating_average asc nulls last, ${t}.product_id`,
  '-rating': (t) => `${t}.rating_average desc nulls last, ${t}.product_id`,
};

/**
 * The storefront's reads: each one statement over the read model (`storefront_product`, one
 * row per active product with its document pre-rendered; `storefront_category_product`, each
 * product under its categories and their ancestors), answering JSON text the api caches and
 * sends without parsing it. The page comes from an index scan; the body is the page's stored
 * documents joined with commas.
 */
@Injectable()
export class StorefrontQueries {
  /** `{items, total, page, limit}` of active products matching the filter. */
  async listJson(ctx: RequestContext, f: StorefrontFilter): Promise<string> {
    const params: unknown[] = [ctx.storeId];
    const ctes: string[] = [];
    const where: string[] = [];
    // A category page walks that category's index in the requested order and reads only the
    // page's documents; a search starts from its matches (one GIN lookup answering their sort
    // and filter keys); filters on the products themselves apply to those or join them in.
    const onProducts =
      f.q !== undefined ||
      f.priceMin !== undefined ||
      f.priceMax !== undefined ||
      f.inStock !== undefined;
    const joins: string[] = [];
    if (f.q) {
      params.push(prefixTsQuery(f.q), f.q.toLowerCase().slice(0, 200));
      const [words, typed] = [`$${params.length - 1}`, `$${params.length}`];
      // Materialised: searched once for the page and the count. The search answers its
      // matches' sort and filter keys (it has read those rows), so the page is sorted from
      // them and only its documents are read from storefront_product.
      ctes.push(
        `found as materialized (select * from storefront_search(to_tsquery('simple', ${words}), ${typed}))`,
      );
      joins.push('found s');
    } else if (onProducts || f.category === undefined) {
      joins.push('storefront_product s');
    }
    let keys = 's';
    if (f.category !== undefined) {
      params.push(f.category);
      keys = 'k';
      joins.push(
        joins.length
          ? 'join storefront_category_product k on k.product_id = s.product_id'
          : 'storefront_category_product k',
      );
      where.push(
        `k.category_id = (select id from category where store_id = $1 and slug = $${params.length})`,
      );
    }
    where.push(`${keys}.store_id = $1`);
    if (f.priceMin !== undefined || f.priceMax !== undefined) {
      params.push(f.priceMin ?? 0, f.priceMax ?? 2147483647);
      const [min, max] = [`$${params.length - 1}`, `$${params.length}`];
      where.push(`s.price_max >= ${min} and s.price_min <= ${max}`);
      where.push(
        `exists (select 1 from unnest(s.prices) as price where price between ${min} and ${max})`,
      );
    }
    if (f.inStock !== undefined) {
      params.push(f.inStock);
      where.push(`s.in_stock = $${params.length}`);
    }
    // The limit is written into the statement (one of at most 100): planned for a LIMIT it
    // does not know, a prepared statement's generic plan may not stop the index scan early.
    const limit = sqlLiteral(f.limit);
    params.push((f.page - 1) * f.limit, f.page);
    const [offset, page] = [`$${params.length - 1}`, `$${params.length}`];
    const matching = `from ${joins.join(' ')} where ${where.join(' and ')}`;
    // The page holds keys only; its 20 documents are fetched by primary key. (Carrying the
    // documents through the page's sort measured five times slower in PostgreSQL.)
    ctes.push(`page as (select ${keys}.product_id, ${keys}.price_min, ${keys}.created_at, ${keys}.title_key,
                               ${keys}.rating_average
                          ${matching} order by ${ORDER_SQL[f.ordering](keys)} limit ${limit} offset ${offset})`);
    // A search's matches are the store's (storefront_search keeps to it): counted as they are.
    const counted = f.q && where.length === 1 ? `from found` : matching;
    // The total needs a count only when the page is full, or empty past the first page.
    const rows: Array<{ body: string }> = await ctx.manager.query(
      `with ${ctes.join(', ')}
       select '{"items":[' || coalesce((select string_agg(document, ',' order by ${ORDER_SQL[f.ordering]('pg')})
                                          from page pg join storefront_product s on s.product_id = pg.product_id), '')
              || '],"total":' || (select case when count(*) < ${limit} and (count(*) > 0 or ${offset}::int = 0)
                                              then ${offset}::int + count(*)
                                              else (select count(*) ${counted}) end from page)
              || ',"page":' || ${page}::int || ',"limit":' || ${limit} || '}' as body`,
      params,
    );
    return rows[0].body;
  }

  /** One active product's document, or null. */
  async bySlugJson(ctx: RequestContext, slug: string): Promise<string | null> {
    const rows: Array<{ body: string }> = await ctx.manager.query(
      `select document as body from storefront_product where store_id = $1 and slug = $2`,
      [ctx.storeId, slug],
    );
    return rows[0]?.body ?? null;
  }
}
