/**
 * Prints PostgreSQL's plans (EXPLAIN ANALYZE, BUFFERS) for the storefront's three reads exactly
 * as the api sends them (StorefrontQueries), as the application role under row-level security,
 * on two stores in one database: the ceiling's catalog (2,000 products × 3 variants, 20
 * categories) and the same shape at 100,000 products (BENCH_LARGE). `npm run bench:explain`.
 * The catalogs are written with SQL and the read model built by `storefront_refresh`, as a
 * catalog write would; then VACUUM ANALYZE.
 */
import 'reflect-metadata';
import { Client } from 'pg';
import { readScope, RequestContext, StoreId } from '@silkcart/shared';
import type { EntityManager } from 'typeorm';
import { StorefrontQueries } from '../libs/catalog/src/infrastructure/storefront.queries';
import { benchDatabase } from './support/bench-db';

const LARGE = Number(process.env.BENCH_LARGE ?? 100_000);

const ADJ =
  'amber azure bold brisk calm crimson dapper eager fancy gentle golden hardy humble ivory jolly keen lively lucky mellow nimble noble olive plucky proud quiet rapid royal rustic scarlet serene silent silver sleek smooth snowy solid spicy steady sturdy sunny swift tidy tiny urban vivid warm wild witty young zesty'.split(
    ' ',
  );
const NOUN =
  'anchor backpack basket blanket bottle bowl candle chair clock cup desk drum fan flask glove hammer hat jacket jar kettle lamp lantern mat mirror mug notebook pan pillow plate pot rug scarf shelf sock stool table teapot towel vase wallet'.split(
    ' ',
  );

/** A store of `n` products named like the ceiling's (the first 2,000 exactly its slugs). */
async function seedStore(owner: Client, slug: string, n: number): Promise<string> {
  const { rows } = await owner.query<{ id: string }>(
    `insert into store (slug, name, currency) values ($1, $1, 'USD') returning id`,
    [slug],
  );
  const storeId = rows[0].id;
  await owner.query(
    `insert into category (store_id, name, slug)
     select $1, 'Category ' || lpad(c::text, 2, '0'), 'category-' || lpad(c::text, 2, '0')
       from generate_series(1, 20) c`,
    [storeId],
  );
  await owner.query(
    `insert into product (store_id, slug, title, description, status, created_at)
     select $1, a.adj || '-' || n.noun || case when i < 2000 then '' else '-' || i end,
            initcap(a.adj) || ' ' || initcap(n.noun), 'A dependable ' || n.noun || ' for everyday use.',
            'active', now() - make_interval(secs => i)
       from generate_series(0, $2 - 1) i
       join lateral (select ($3::text[])[1 + i % 50] as adj) a on true
       join lateral (select ($4::text[])[1 + (i / 50) % 40] as noun) n on true`,
    [storeId, n, ADJ, NOUN],
  );
  await owner.query(
    `insert into variant (store_id, product_id, sku, title, price, stock, position)
     select p.store_id, p.id, p.slug || '-' || s.size, s.size,
            500 + (abs(hashtext(p.slug)) % 19500) + s.k * 500, 50 + abs(hashtext(p.slug || s.size)) % 100, s.k
       from product p, (values (0, 'S'), (1, 'M'), (2, 'L')) s(k, size) where p.store_id = $1`,
    [storeId],
  );
  await owner.query(
    `insert into product_category (store_id, product_id, category_id)
     select p.store_id, p.id, c.id
       from (select id, store_id, row_number() over (order by created_at desc) - 1 as i
               from product where store_id = $1) p
       join category c on c.store_id = p.store_id and c.slug = 'category-' || lpad((p.i % 20 + 1)::text, 2, '0')`,
    [storeId],
  );
  await owner.query(
    `update product p set price_min = s.min, price_max = s.max, in_stock = s.in_stock
       from (select product_id, min(price) as min, max(price) as max, bool_or(stock > 0) as in_stock
               from variant where store_id = $1 group by product_id) s
      where p.id = s.product_id`,
    [storeId],
  );
  await owner.query(`set role silkcart_system`);
  await owner.query(
    `select storefront_refresh(array_agg(id), 'USD') from product where store_id = $1`,
    [storeId],
  );
  await owner.query(`reset role`);
  return storeId;
}

/** A context whose queries run as the api's role in the store's scope, each one explained. */
async function explainIn(
  client: Client,
  storeId: string,
  run: (ctx: RequestContext) => Promise<unknown>,
): Promise<string> {
  const plans: string[] = [];
  const manager = {
    query: async (sql: string, params: unknown[] = []) => {
      await client.query('begin');
      try {
        // As the api's connections (role, trigram threshold) and its scope for reads.
        await client.query(
          `select set_config('role', 'silkcart_app', true),
                  set_config('pg_trgm.word_similarity_threshold', '0.4', true)`,
        );
        await client.query(readScope(storeId));
        // Once unmeasured (a warm cache, as a busy storefront has), then explained.
        await client.query(sql, params);
        const plan = await client.query<{ 'QUERY PLAN': string }>(
          `explain (analyze, buffers) ${sql}`,
          params,
        );
        plans.push(plan.rows.map((r) => r['QUERY PLAN']).join('\n'));
        return (await client.query(sql, params)).rows;
      } finally {
        await client.query('rollback');
      }
    },
  } as unknown as EntityManager;
  await run(RequestContext.system('explain', storeId as StoreId).withTx(manager));
  return plans.join('\n\n');
}

async function main() {
  const db = await benchDatabase();
  const owner = new Client({ connectionString: db.url });
  await owner.connect();
  try {
    const stores: Array<[string, number]> = [
      ['ceiling', 2000],
      ['large', LARGE],
    ];
    const ids: string[] = [];
    for (const [slug, n] of stores) {
      const started = Date.now();
      ids.push(await seedStore(owner, slug, n));
      console.error(`seeded ${n} products in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    await owner.query('vacuum analyze');
    const queries = new StorefrontQueries();
    const base = { ordering: '-created' as const, page: 1, limit: 20 };
    const cases: Array<[string, (ctx: RequestContext) => Promise<unknown>]> = [
      [
        'list: category-06 by price',
        (c) => queries.listJson(c, { ...base, category: 'category-06', ordering: 'price' }),
      ],
      ['search: "crimson"', (c) => queries.listJson(c, { ...base, q: 'crimson' })],
      ['detail: crimson-lamp', (c) => queries.bySlugJson(c, 'crimson-lamp')],
      ['list: all, newest first', (c) => queries.listJson(c, base)],
      ['search: a typo ("crimsn")', (c) => queries.listJson(c, { ...base, q: 'crimsn' })],
    ];
    for (const [i, [slug, n]] of stores.entries()) {
      for (const [name, run] of cases) {
        console.log(`### ${name} (store "${slug}", ${n} products)\n\n\`\`\``);
        console.log(await explainIn(owner, ids[i], run));
        console.log('```\n');
      }
    }
  } finally {
    await owner.end();
    // BENCH_KEEP=1 leaves the database for a closer look (its name is printed).
    if (process.env.BENCH_KEEP === '1') console.error(`kept ${db.url}`);
    else await db.drop();
  }
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
