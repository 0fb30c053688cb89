/**
 * Prints PostgreSQL's plans for the storefront's queries, exactly as the api sends them, on a
 * seeded store: `npm run bench:explain` (seeds five stores of 2,000 products each into a
 * fresh database first, and explains the queries of the last one).
 */
import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, RequestContext, StoreId, TenantTx } from '@silkcart/shared';
import type { EntityManager } from 'typeorm';
import { createApiApp } from '../apps/api/src/bootstrap';
import {
  StorefrontQueries,
  StorefrontFilter,
} from '../libs/catalog/src/infrastructure/storefront.queries';
import { seedCatalog } from '../scripts/seed-catalog';
import { benchDatabase } from './support/bench-db';

async function main() {
  const db = await benchDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'silkcart-explain-'));
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: db.url,
    REDIS_URL: '',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    AUTH_RATE_LIMIT: '100000',
  });
  const app = await createApiApp(config, { openApi: false });
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.getHttpServer().address();
    const seeded = await seedCatalog(
      app,
      `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
      dataDir,
      2000,
    );
    const { Client } = await import('pg');
    const owner = new Client({ connectionString: db.url });
    await owner.connect();
    await owner.query('vacuum analyze');
    await owner.end();
    const queries = app.get(StorefrontQueries);
    const base: StorefrontFilter = { ordering: '-created', page: 1, limit: 20 };
    const cases: Array<[string, (ctx: RequestContext) => Promise<unknown>]> = [
      [
        'list: category "tops", price ascending',
        (c) => queries.listJson(c, { ...base, category: 'tops', ordering: 'price' }),
      ],
      ['list: default (newest first)', (c) => queries.listJson(c, base)],
      ['search: one word ("wool")', (c) => queries.listJson(c, { ...base, q: 'wool' })],
      ['search: a typo ("sweatr")', (c) => queries.listJson(c, { ...base, q: 'sweatr' })],
      [
        'list: price 1000..3000, in stock',
        (c) => queries.listJson(c, { ...base, priceMin: 1000, priceMax: 3000, inStock: true }),
      ],
      ['detail: by slug', (c) => queries.bySlugJson(c, 'red-sweater-1')],
    ];
    for (const [name, run] of cases) {
      await app
        .get(TenantTx)
        .run(RequestContext.system('explain', seeded.storeId as StoreId), async (ctx) => {
          const real = ctx.manager;
          const plans: string[] = [];
          const explaining = new Proxy(real, {
            get: (target, prop) =>
              prop === 'query'
                ? async (sql: string, params?: unknown[]) => {
                    const rows: Array<{ 'QUERY PLAN': string }> = await target.query(
                      `explain (analyze, costs off, timing off, summary on) ${sql}`,
                      params,
                    );
                    plans.push(rows.map((r) => r['QUERY PLAN']).join('\n'));
                    return target.query(sql, params);
                  }
                : Reflect.get(target, prop),
          }) as EntityManager;
          await run(ctx.withTx(explaining));
          console.log(`### ${name}\n\n\`\`\`\n${plans.join('\n\n')}\n\`\`\`\n`);
        });
    }
  } finally {
    await app.close();
    await db.drop();
  }
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
