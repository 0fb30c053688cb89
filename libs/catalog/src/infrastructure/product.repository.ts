import { Injectable } from '@nestjs/common';
import { RequestContext, selectPage, TAKEN, unlessTaken } from '@silkcart/shared';
import type { ImageView, ProductView, VariantView } from '../application/catalog.views';
import { SkuTaken } from '../domain/catalog.errors';
import type { Ordering, ProductStatus } from '../domain/product';

export interface VariantInput {
  sku: string;
  title?: string;
  price: number;
  compareAtPrice?: number | null;
  stock: number;
  lowStockThreshold?: number;
  options?: Record<string, string>;
}

/** A product as a copywriter sees it: variant options as each name's values, in first-seen order. */
export interface ProductCopySource {
  title: string;
  description: string;
  categories: string[];
  options: Record<string, string[]>;
}

const ORDER_SQL: Record<Ordering, string> = {
  price: 'p.price_min asc nulls last, p.id',
  '-price': 'p.price_min desc nulls last, p.id',
  created: 'p.created_at asc, p.id',
  '-created': 'p.created_at desc, p.id',
  title: 'lower(p.title) asc, p.id',
  '-title': 'lower(p.title) desc, p.id',
};

// One product with its variants, images and categories, as the store side shows it.
const PRODUCT_VIEW = `
  select p.id, p.slug, p.title, p.description, p.status,
         to_char(p.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "createdAt",
         to_char(p.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "updatedAt",
         coalesce((select json_agg(pc.category_id order by pc.category_id) from product_category pc
                    where pc.product_id = p.id), '[]') as "categoryIds",
         coalesce((select json_agg(json_build_object('id', i.id, 'url', i.url, 'alt', i.alt, 'position', i.position)
                    order by i.position, i.created_at) from product_image i where i.product_id = p.id), '[]') as images,
         coalesce((select json_agg(json_build_object('id', v.id, 'sku', v.sku, 'title', v.title, 'price', v.price,
                    'compareAtPrice', v.compare_at_price, 'stock', v.stock, 'lowStockThreshold', v.low_stock_threshold,
                    'options', v.options) order by v.position, v.created_at) from variant v where v.product_id = p.id), '[]') as variants
    from product p`;

/** Products and their variants on the store side; every write also refreshes the summary. */
@Injectable()
export class ProductRepository {
  async view(ctx: RequestContext, id: string): Promise<ProductView | null> {
    const rows: ProductView[] = await ctx.manager.query(
      `${PRODUCT_VIEW} where p.id = $1 and p.store_id = $2`,
      [id, ctx.storeId],
    );
    return rows[0] ?? null;
  }

  /** Only what a copywriter may see: no price, stock, SKU or id leaves this query. */
  async copySource(ctx: RequestContext, id: string): Promise<ProductCopySource | null> {
    const rows: Array<Omit<ProductCopySource, 'options'> & { options: unknown[] }> =
      await ctx.manager.query(
        `select p.title, p.description,
                coalesce((select json_agg(c.name order by c.position, c.name)
                            from product_category pc join category c on c.id = pc.category_id
                           where pc.product_id = p.id), '[]') as categories,
                coalesce((select json_agg(v.options order by v.position, v.created_at)
                            from variant v where v.product_id = p.id), '[]') as options
           from product p where p.id = $1 and p.store_id = $2`,
        [id, ctx.storeId],
      );
    const row = rows[0];
    if (!row) return null;
    const options: Record<string, string[]> = {};
    for (const variant of row.options) {
      if (typeof variant !== 'object' || variant === null) continue;
      for (const [name, value] of Object.entries(variant)) {
        const values = (options[name] ??= []);
        if (typeof value === 'string' && !values.includes(value)) values.push(value);
      }
    }
    return { ...row, options };
  }

  async page(
    ctx: RequestContext,
    filter: {
      q?: string;
      categoryId?: string;
      status?: ProductStatus;
      ordering: Ordering;
      page: number;
      limit: number;
    },
  ): Promise<[ProductView[], number]> {
    const where = ['p.store_id = $1'];
    const params: unknown[] = [ctx.storeId];
    if (filter.q) {
      params.push(`%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where.push(
        `(p.title ilike $${params.length} or exists (select 1 from variant v where v.product_id = p.id and v.sku ilike $${params.length}))`,
      );
    }
    if (filter.categoryId) {
      params.push(filter.categoryId);
      where.push(
        `exists (select 1 from product_category pc where pc.product_id = p.id and pc.category_id = $${params.length})`,
      );
    }
    if (filter.status) {
      params.push(filter.status);
      where.push(`p.status = $${params.length}`);
    }
    const [rows, total] = await selectPage<{ id: string }>(
      ctx.manager,
      {
        select: 'p.id',
        from: 'product p',
        where: where.join(' and '),
        orderBy: ORDER_SQL[filter.ordering],
      },
      params,
      filter,
    );
    if (rows.length === 0) return [[], total];
    const views: ProductView[] = await ctx.manager.query(`${PRODUCT_VIEW} where p.id = any($1)`, [
      rows.map((r) => r.id),
    ]);
    const byId = new Map(views.map((v) => [v.id, v]));
    return [rows.map((r) => byId.get(r.id) as ProductView), total];
  }

  async slugsLike(ctx: RequestContext, base: string): Promise<string[]> {
    const rows: Array<{ slug: string }> = await ctx.manager.query(
      `select slug from product where store_id = $1 and (slug = $2 or slug like $2 || '-%')`,
      [ctx.storeId, base],
    );
    return rows.map((r) => r.slug);
  }

  async insert(
    ctx: RequestContext,
    p: { slug: string; title: string; description: string; status: ProductStatus },
  ): Promise<string> {
    const rows: Array<{ id: string }> = await ctx.manager.query(
      `insert into product (store_id, slug, title, description, status) values ($1, $2, $3, $4, $5) returning id`,
      [ctx.storeId, p.slug, p.title, p.description, p.status],
    );
    return rows[0].id;
  }

  async update(
    ctx: RequestContext,
    id: string,
    p: { slug: string; title: string; description: string; status: ProductStatus },
  ): Promise<void> {
    await ctx.manager.query(
      `update product set slug = $2, title = $3, description = $4, status = $5, updated_at = now() where id = $1`,
      [id, p.slug, p.title, p.description, p.status],
    );
  }

  /** Locks the product row: variant writes of one product happen one at a time. */
  async lock(
    ctx: RequestContext,
    id: string,
  ): Promise<{
    id: string;
    slug: string;
    title: string;
    description: string;
    status: ProductStatus;
  } | null> {
    const rows = await ctx.manager.query(
      `select id, slug, title, description, status from product where id = $1 and store_id = $2 for update`,
      [id, ctx.storeId],
    );
    return rows[0] ?? null;
  }

  async setCategories(
    ctx: RequestContext,
    productId: string,
    categoryIds: string[],
  ): Promise<void> {
    await ctx.manager.query(`delete from product_category where product_id = $1`, [productId]);
    if (categoryIds.length > 0) {
      await ctx.manager.query(
        `insert into product_category (store_id, product_id, category_id) select $1, $2, unnest($3::uuid[])`,
        [ctx.storeId, productId, categoryIds],
      );
    }
  }

  async insertVariant(
    ctx: RequestContext,
    productId: string,
    v: VariantInput,
  ): Promise<VariantView> {
    const rows: VariantView[] = await ctx.manager.query(
      `insert into variant (store_id, product_id, sku, title, price, compare_at_price, stock, low_stock_threshold, options, position)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, (select count(*) from variant where product_id = $2))
       returning id, sku, title, price, compare_at_price as "compareAtPrice", stock,
                 low_stock_threshold as "lowStockThreshold", options`,
      [
        ctx.storeId,
        productId,
        v.sku,
        v.title ?? '',
        v.price,
        v.compareAtPrice ?? null,
        v.stock,
        v.lowStockThreshold ?? 5,
        JSON.stringify(v.options ?? {}),
      ],
    );
    return rows[0];
  }

  async findVariant(
    ctx: RequestContext,
    productId: string,
    variantId: string,
  ): Promise<VariantView | null> {
    const rows: VariantView[] = await ctx.manager.query(
      `select id, sku, title, price, compare_at_price as "compareAtPrice", stock,
              low_stock_threshold as "lowStockThreshold", options
         from variant where id = $1 and product_id = $2 and store_id = $3`,
      [variantId, productId, ctx.storeId],
    );
    return rows[0] ?? null;
  }

  async updateVariant(ctx: RequestContext, v: VariantView): Promise<void> {
    await ctx.manager.query(
      `update variant set sku = $2, title = $3, price = $4, compare_at_price = $5, stock = $6,
              low_stock_threshold = $7, options = $8, updated_at = now() where id = $1`,
      [
        v.id,
        v.sku,
        v.title,
        v.price,
        v.compareAtPrice,
        v.stock,
        v.lowStockThreshold,
        JSON.stringify(v.options),
      ],
    );
  }

  /**
   * Runs a write that may hit the store's SKU unique index under a savepoint: a SKU already
   * taken rolls back to it (the transaction stays usable) and is a SkuTaken naming `field`.
   */
  async skuWrite<T>(ctx: RequestContext, field: string, write: () => Promise<T>): Promise<T> {
    const result = await unlessTaken(ctx, write, 'sku');
    if (result === TAKEN) throw new SkuTaken(field);
    return result;
  }

  async deleteVariant(ctx: RequestContext, variantId: string): Promise<void> {
    await ctx.manager.query(`delete from variant where id = $1`, [variantId]);
  }

  async activeBySlug(
    ctx: RequestContext,
    slug: string,
  ): Promise<{ id: string; slug: string; title: string } | null> {
    const rows: Array<{ id: string; slug: string; title: string }> = await ctx.manager.query(
      `select id, slug, title from product where store_id = $1 and slug = $2 and status = 'active'`,
      [ctx.storeId, slug],
    );
    return rows[0] ?? null;
  }

  async titlesOf(ctx: RequestContext, productIds: string[]): Promise<Map<string, string>> {
    const rows: Array<{ id: string; title: string }> = await ctx.manager.query(
      `select id, title from product where store_id = $1 and id = any($2::uuid[])`,
      [ctx.storeId, productIds],
    );
    return new Map(rows.map((r) => [r.id, r.title]));
  }

  async productsOfVariants(
    ctx: RequestContext,
    variantIds: string[],
  ): Promise<Map<string, string>> {
    const rows: Array<{ id: string; productId: string }> = await ctx.manager.query(
      `select id, product_id as "productId" from variant where store_id = $1 and id = any($2::uuid[])`,
      [ctx.storeId, variantIds],
    );
    return new Map(rows.map((r) => [r.id, r.productId]));
  }

  async setRating(
    ctx: RequestContext,
    productId: string,
    rating: { average: number | null; count: number },
  ): Promise<void> {
    await ctx.manager.query(
      `update product set rating_average = $2, rating_count = $3 where id = $1 and store_id = $4`,
      [productId, rating.average, rating.count, ctx.storeId],
    );
  }

  /** Keeps price_min, price_max and in_stock equal to what the variants say. */
  async refreshSummary(ctx: RequestContext, productId: string): Promise<void> {
    await ctx.manager.query(
      `update product p set price_min = s.min, price_max = s.max, in_stock = s.in_stock
         from (select min(price) as min, max(price) as max, coalesce(bool_or(stock > 0), false) as in_stock
                 from variant where product_id = $1) s
        where p.id = $1`,
      [productId],
    );
  }

  async insertImage(
    ctx: RequestContext,
    image: {
      id: string;
      productId: string;
      key: string;
      url: string;
      alt: string;
      contentType: string;
      size: number;
    },
  ): Promise<ImageView> {
    const rows = await ctx.manager.query(
      `insert into product_image (id, store_id, product_id, storage_key, url, alt, content_type, size, position)
       values ($1, $2, $3, $4, $5, $6, $7, $8, (select count(*) from product_image where product_id = $3))
       returning id, url, alt, position`,
      [
        image.id,
        ctx.storeId,
        image.productId,
        image.key,
        image.url,
        image.alt,
        image.contentType,
        image.size,
      ],
    );
    return rows[0];
  }

  async deleteImage(
    ctx: RequestContext,
    productId: string,
    imageId: string,
  ): Promise<string | null> {
    const rows: Array<{ storage_key: string }> = await ctx.manager.query(
      `with gone as (delete from product_image where id = $1 and product_id = $2 and store_id = $3 returning storage_key)
       select storage_key from gone`,
      [imageId, productId, ctx.storeId],
    );
    return rows[0]?.storage_key ?? null;
  }

  async setImageAlt(
    ctx: RequestContext,
    productId: string,
    imageId: string,
    alt: string,
  ): Promise<void> {
    await ctx.manager.query(`update product_image set alt = $3 where id = $1 and product_id = $2`, [
      imageId,
      productId,
      alt,
    ]);
  }
}
