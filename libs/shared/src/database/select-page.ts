import type { EntityManager } from 'typeorm';

export interface PageSql {
  /** The columns to answer, e.g. `p.id`. */
  select: string;
  /** `table alias`, e.g. `product p`. */
  from: string;
  where: string;
  orderBy: string;
}

/**
 * One page of `select … from … where … order by …` and the total of all matches, in one
 * query (a window count); a separate count runs only for a page past the last one.
 */
export async function selectPage<T>(
  m: Pick<EntityManager, 'query'>,
  sql: PageSql,
  params: unknown[],
  page: { page: number; limit: number },
): Promise<[T[], number]> {
  const n = params.length;
  const rows: Array<T & { page_total__: string }> = await m.query(
    `select ${sql.select}, count(*) over () as page_total__ from ${sql.from} where ${sql.where}
      order by ${sql.orderBy} limit $${n + 1} offset $${n + 2}`,
    [...params, page.limit, (page.page - 1) * page.limit],
  );
  if (rows.length > 0) {
    return [rows.map(({ page_total__: _t, ...row }) => row as T), Number(rows[0].page_total__)];
  }
  if (page.page === 1) return [[], 0];
  const [{ total }] = await m.query(
    `select count(*)::int as total from ${sql.from} where ${sql.where}`,
    params,
  );
  return [[], total];
}
