import { Injectable } from '@nestjs/common';
import { type RequestContext, TAKEN, unlessTaken } from '@silkcart/shared';
import type { ReviewOrdering, ReviewStatus } from '../domain/review';

export interface ReviewRow {
  id: string;
  rating: number;
  title: string | null;
  body: string;
  authorName: string;
  verifiedPurchase: true;
  createdAt: string;
  status: ReviewStatus;
  productId: string;
  orderId: string;
}

const COLUMNS = `id, rating, title, body, author_name as "authorName", true as "verifiedPurchase",
  to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "createdAt",
  status, product_id as "productId", order_id as "orderId"`;

const ORDER_SQL: Record<ReviewOrdering, string> = {
  '-created': 'created_at desc, id',
  '-rating': 'rating desc, created_at desc, id',
  rating: 'rating asc, created_at desc, id',
};

/** Reviews of the context's store (row-level security scopes them). */
@Injectable()
export class ReviewRepository {
  /** False when the order already has a review of the product. */
  async insert(
    ctx: RequestContext,
    review: {
      id: string;
      productId: string;
      orderId: string;
      rating: number;
      title: string | null;
      body: string;
      authorName: string;
    },
  ): Promise<boolean> {
    const inserted = await unlessTaken(ctx, () =>
      ctx.manager.query(
        `insert into review (id, store_id, product_id, order_id, rating, title, body, author_name)
         values ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          review.id,
          ctx.storeId,
          review.productId,
          review.orderId,
          review.rating,
          review.title,
          review.body,
          review.authorName,
        ],
      ),
    );
    return inserted !== TAKEN;
  }

  async page(
    ctx: RequestContext,
    filter: {
      productId?: string;
      status?: ReviewStatus;
      ordering: ReviewOrdering;
      page: number;
      limit: number;
    },
  ): Promise<{ items: ReviewRow[]; total: number }> {
    const where = `store_id = $1 and ($2::uuid is null or product_id = $2) and ($3::text is null or status = $3)`;
    const params = [ctx.storeId, filter.productId ?? null, filter.status ?? null];
    const items: ReviewRow[] = await ctx.manager.query(
      `select ${COLUMNS} from review where ${where}
        order by ${ORDER_SQL[filter.ordering]} limit $4 offset $5`,
      [...params, filter.limit, (filter.page - 1) * filter.limit],
    );
    const counted: Array<{ n: string }> = await ctx.manager.query(
      `select count(*) as n from review where ${where}`,
      params,
    );
    return { items, total: Number(counted[0].n) };
  }

  async find(ctx: RequestContext, id: string): Promise<ReviewRow | null> {
    const rows: ReviewRow[] = await ctx.manager.query(
      `select ${COLUMNS} from review where id = $1 and store_id = $2 for update`,
      [id, ctx.storeId],
    );
    return rows[0] ?? null;
  }

  async setStatus(ctx: RequestContext, id: string, status: ReviewStatus): Promise<void> {
    await ctx.manager.query(`update review set status = $2, updated_at = now() where id = $1`, [
      id,
      status,
    ]);
  }

  /** Privacy export: the reviews written for these orders, oldest first. */
  async ofOrders(ctx: RequestContext, orderIds: string[]): Promise<ReviewRow[]> {
    if (orderIds.length === 0) return [];
    return ctx.manager.query(
      `select ${COLUMNS} from review where store_id = $1 and order_id = any($2::uuid[])
        order by created_at, id`,
      [ctx.storeId, orderIds],
    );
  }

  /** Privacy erasure: the reviews of these orders show as by "Anonymous"; answers how many. */
  async anonymiseOfOrders(ctx: RequestContext, orderIds: string[]): Promise<number> {
    if (orderIds.length === 0) return 0;
    const rows: unknown[] = await ctx.manager.query(
      `with changed as (
         update review set author_name = 'Anonymous', updated_at = now()
          where store_id = $1 and order_id = any($2::uuid[]) returning id)
       select id from changed`,
      [ctx.storeId, orderIds],
    );
    return rows.length;
  }

  /** The product's published reviews: the average to one decimal (null without any) and count. */
  async ratingOf(
    ctx: RequestContext,
    productId: string,
  ): Promise<{ average: number | null; count: number }> {
    const rows: Array<{ average: string | null; count: string }> = await ctx.manager.query(
      `select round(avg(rating), 1) as average, count(*) as count from review
        where product_id = $1 and status = 'published'`,
      [productId],
    );
    const average = rows[0].average;
    return { average: average === null ? null : Number(average), count: Number(rows[0].count) };
  }
}
