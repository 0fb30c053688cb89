import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@silkcart/shared';
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

export interface StorefrontProduct {
  id: string;
  slug: string;
  title: string;
  description: string;
  images: Array<{ id: string; url: string; alt: string; position: number }>;
  priceMin: number | null;
  priceMax: number | null;
  currency: string;
  inStock: boolean;
  categories: string[];
  variants: Array<{
    id: string;
    sku: string;
    title: string;
    price: number;
    inStock: boolean;
    options: Record<string, string>;
  }>;
}

// Active products only; each ordering has its partial index on (store_id, key, id).
const ORDER_SQL: Record<Ordering, string> = {
  price: 'p.price_min asc, p.id',
  '-price': 'p.price_min desc, p.id desc',
  created: 'p.created_at asc, p.id asc',
  '-created': 'p.created_at desc, p.id',
  title: 'lower(p.title) asc, p.id',
  '-title': 'lower(p.title) desc, p.id desc',
};

const PUBLIC_VIEW = `
  select p.id, p.slug, p.title, p.description, p.price_min as "priceMin", p.price_max as "priceMax",
         p.in_stock as "inStock",
         coalesce((select json_agg(json_build_object('id', i.id, 'url', i.url, 'alt', i.alt, 'position', i.position)
                    order by i.position, i.created_at) from product_image i where i.product_id = p.id), '[]') as images,
         coalesce((select json_agg(c.slug order by c.position, c.slug) from product_category pc
                    join category c on c.id = pc.category_id where pc.product_id = p.id), '[]') as categories,
         coalesce((select json_agg(json_build_object('id', v.id, 'sku', v.sku, 'title', v.title, 'price', v.price,
                    'inStock', v.stock > 0, 'options', v.options) order by v.position, v.created_at)
                    from variant v where v.product_id = p.id), '[]') as variants
    from product p`;

/** The storefront's reads, written for the indexes of the catalog migration. */
@Injectable()
export class StorefrontQueries {
  async list(
    ctx: RequestContext,
    currency: string,
    f: StorefrontFilter,
  ): Promise<[StorefrontProduct[], number]> {
    const params: unknown[] = [ctx.storeId];
    const where = [`p.store_id = $1`, `p.status = 'active'`];
    let categoryCte = '';
    if (f.q) {
      const ts = prefixTsQuery(f.q);
      params.push(f.q.toLowerCase().slice(0, 200));
      const trigram = `$${params.length} <% lower(p.title)`;
      if (ts) {
        params.push(ts);
        where.push(`(p.search @@ to_tsquery('simple', $${params.length}) or ${trigram})`);
      } else {
        where.push(trigram);
      }
    }
    if (f.category !== undefined) {
      params.push(f.category);
      categoryCte = `with recursive tree as (
          select id from category where store_id = $1 and slug = $${params.length}
          union all select c.id from category c join tree t on c.parent_id = t.id where c.store_id = $1)`;
      where.push(
        `exists (select 1 from product_category pc where pc.product_id = p.id and pc.category_id in (select id from tree))`,
      );
    }
    if (f.priceMin !== undefined || f.priceMax !== undefined) {
      params.push(f.priceMin ?? 0, f.priceMax ?? 2147483647);
      where.push(`p.price_max >= $${params.length - 1} and p.price_min <= $${params.length}`);
      where.push(
        `exists (select 1 from variant v where v.product_id = p.id and v.price between $${params.length - 1} and $${params.length})`,
      );
    }
    if (f.inStock !== undefined) {
      params.push(f.inStock);
      where.push(`p.in_stock = $${params.length}`);
    }
    params.push(f.limit, (f.page - 1) * f.limit);
    // Page first, on the indexes; then build the documents of that page only.
    const prefix = categoryCte ? `${categoryCte},` : 'with';
    const rows: Array<StorefrontProduct & { total: string }> = await ctx.manager.query(
      `${prefix} matches as (
         select p.id, count(*) over () as total from product p where ${where.join(' and ')}
          order by ${ORDER_SQL[f.ordering]} limit $${params.length - 1} offset $${params.length})
       ${PUBLIC_VIEW.replace(
         'from product p',
         'from matches m join product p on p.id = m.id',
       ).replace('as "inStock",', 'as "inStock", m.total,')}
       order by ${ORDER_SQL[f.ordering]}`,
      params,
    );
    let total = rows.length ? Number(rows[0].total) : 0;
    if (rows.length === 0 && f.page > 1) {
      const [{ n }] = await ctx.manager.query(
        `${categoryCte} select count(*)::int as n from product p where ${where.join(' and ')}`,
        params.slice(0, -2),
      );
      total = n;
    }
    return [rows.map(({ total: _t, ...product }) => ({ ...product, currency })), total];
  }

  async bySlug(
    ctx: RequestContext,
    currency: string,
    slug: string,
  ): Promise<StorefrontProduct | null> {
    const rows: StorefrontProduct[] = await ctx.manager.query(
      `${PUBLIC_VIEW} where p.store_id = $1 and p.slug = $2 and p.status = 'active'`,
      [ctx.storeId, slug],
    );
    return rows[0] ? { ...rows[0], currency } : null;
  }
}
