import { Injectable } from '@nestjs/common';
import { sqlLiteral, type RequestContext } from '@silkcart/shared';
import { Ordering, prefixTsQuery } from '../domain/product';

export interface StorefrontFilter {
  q?: string;
  category?: string;
  priceMin?: number;
  priceMax?: number;
  inStock?: boolean;
  ordering: Ordering;
  page: number;
  limit: number;
}

// Columns of storefront_product; each ordering has its index on (store_id, key, product_id).
const ORDER_SQL: Record<Ordering, string> = {
  price: 'price_min asc, product_id',
  '-price': 'price_min desc, product_id desc',
  created: 'created_at asc, product_id asc',
  '-created': 'created_at desc, product_id',
  title: 'title_key asc, product_id',
  '-title': 'title_key desc, product_id desc',
};

/**
 * The storefront's reads: each one statement over the read model (`storefront_product`, one
 * row per active product with its document pre-rendered), answering JSON text the api caches
 * and sends without parsing it. The page comes from an index scan; the body is the page's
 * stored documents joined with commas.
 */
@Injectable()
export class StorefrontQueries {
  /** `{items, total, page, limit}` of active products matching the filter. */
  async listJson(ctx: RequestContext, f: StorefrontFilter): Promise<string> {
    const params: unknown[] = [ctx.storeId];
    const where = [`s.store_id = $1`];
    if (f.q) {
      const ts = prefixTsQuery(f.q);
      params.push(f.q.toLowerCase().slice(0, 200));
      const trigram = `$${params.length} <% s.title_key`;
      if (ts) {
        params.push(ts);
        where.push(`(s.search @@ to_tsquery('simple', $${params.length}) or ${trigram})`);
      } else {
        where.push(trigram);
      }
    }
    if (f.category !== undefined) {
      params.push(f.category);
      // The read model files each product under its categories and all their ancestors.
      where.push(
        `s.category_ids @> array[(select id from category where store_id = $1 and slug = $${params.length})]`,
      );
    }
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
    const matching = `from storefront_product s where ${where.join(' and ')}`;
    // The total needs a count only when the page is full, or empty past the first page.
    const rows: Array<{ body: string }> = await ctx.manager.query(
      `select '{"items":[' || coalesce(string_agg(pg.document, ',' order by ${ORDER_SQL[f.ordering]}), '')
              || '],"total":' || case when count(*) < ${limit} and (count(*) > 0 or ${offset}::int = 0)
                                      then ${offset}::int + count(*)
                                      else (select count(*) ${matching}) end
              || ',"page":' || ${page}::int || ',"limit":' || ${limit} || '}' as body
         from (select s.document, s.price_min, s.created_at, s.title_key, s.product_id ${matching}
                order by ${ORDER_SQL[f.ordering]} limit ${limit} offset ${offset}) pg`,
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
