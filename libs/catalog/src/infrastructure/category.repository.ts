import { Injectable } from '@nestjs/common';
import { RequestContext, selectPage } from '@silkcart/shared';
import type { CategoryView } from '../application/catalog.views';

const COLUMNS = `id, name, slug, parent_id as "parentId", position`;

/** Categories of the context's store (row-level security scopes every query). */
@Injectable()
export class CategoryRepository {
  all(ctx: RequestContext): Promise<CategoryView[]> {
    return ctx.manager.query(
      `select ${COLUMNS} from category where store_id = $1 order by position, name`,
      [ctx.storeId],
    );
  }

  page(
    ctx: RequestContext,
    page: { page: number; limit: number },
  ): Promise<[CategoryView[], number]> {
    return selectPage<CategoryView>(
      ctx.manager,
      { select: COLUMNS, from: 'category', where: 'store_id = $1', orderBy: 'position, name, id' },
      [ctx.storeId],
      page,
    );
  }

  async find(ctx: RequestContext, id: string): Promise<CategoryView | null> {
    const rows: CategoryView[] = await ctx.manager.query(
      `select ${COLUMNS} from category where id = $1 and store_id = $2`,
      [id, ctx.storeId],
    );
    return rows[0] ?? null;
  }

  async slugsLike(ctx: RequestContext, base: string): Promise<string[]> {
    const rows: Array<{ slug: string }> = await ctx.manager.query(
      `select slug from category where store_id = $1 and (slug = $2 or slug like $2 || '-%')`,
      [ctx.storeId, base],
    );
    return rows.map((r) => r.slug);
  }

  async insert(ctx: RequestContext, c: Omit<CategoryView, 'id'>): Promise<CategoryView> {
    const rows: CategoryView[] = await ctx.manager.query(
      `insert into category (store_id, name, slug, parent_id, position) values ($1, $2, $3, $4, $5) returning ${COLUMNS}`,
      [ctx.storeId, c.name, c.slug, c.parentId, c.position],
    );
    return rows[0];
  }

  async update(ctx: RequestContext, c: CategoryView): Promise<void> {
    await ctx.manager.query(
      `update category set name = $2, slug = $3, parent_id = $4, position = $5, updated_at = now() where id = $1`,
      [c.id, c.name, c.slug, c.parentId, c.position],
    );
  }

  async delete(ctx: RequestContext, id: string): Promise<void> {
    await ctx.manager.query(`delete from category where id = $1`, [id]);
  }

  /** Which of these ids are categories of the store. */
  async existing(ctx: RequestContext, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows: Array<{ id: string }> = await ctx.manager.query(
      `select id from category where store_id = $1 and id = any($2)`,
      [ctx.storeId, ids],
    );
    return new Set(rows.map((r) => r.id));
  }
}
