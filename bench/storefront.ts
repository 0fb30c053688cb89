/**
 * Storefront reads against the ceiling of this stack: `npm run bench:storefront`.
 * Seeds 2,000 products (3 variants each), then, one server at a time so none competes for
 * the two cores, 32 connections × 10 s per route:
 *  - the api with STOREFRONT_CACHE=off (every read goes to PostgreSQL);
 *  - the api with the cache on;
 *  - baseline: Fastify + pg with the best hand-written SQL for the same answers, and a route
 *    returning a fixed JSON string (the cached list's own body).
 * Prints req/s, p50, p99 and the ratios the targets are stated in.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { loadConfig } from '@silkcart/shared';
import { createApiApp } from '../apps/api/src/bootstrap';
import { seedCatalog } from '../scripts/seed-catalog';
import { request } from '../test/support/http';
import { freePort, spawnTs } from '../test/support/processes';
import { benchEnv, startBenchApi } from './support/bench-api';
import { benchDatabase } from './support/bench-db';
import { measure, Measurement, ratio } from './support/measure';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

async function main() {
  const db = await benchDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'silkcart-bench-'));
  const env = benchEnv(db.url, {
    REDIS_URL: process.env.BENCH_REDIS === '1' ? process.env.REDIS_URL : '',
    DATA_DIR: dataDir,
    MIGRATIONS_RUN: 'false',
  });
  const results: Record<string, Measurement> = {};
  try {
    // Seed through an in-process api, then measure out-of-process servers only.
    const seeder = await createApiApp(loadConfig({ ...env, NODE_ENV: 'test' }), { openApi: false });
    await seeder.listen({ port: 0, host: '127.0.0.1' });
    const address = seeder.getHttpServer().address();
    const seeded = await seedCatalog(
      seeder,
      `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
      dataDir,
      2000,
    );
    await seeder.close();
    const owner = new Client({ connectionString: db.url });
    await owner.connect();
    await owner.query('vacuum analyze');
    await owner.end();

    const sf = `/api/v1/catalog/${seeded.storeSlug}`;
    const routes = {
      list: `${sf}/products?category=tops&ordering=price`,
      search: `${sf}/products?q=wool`,
      detail: `${sf}/products/red-sweater-1`,
    };
    const run = async (label: string, base: string, paths: Record<string, string>) => {
      for (const [name, path] of Object.entries(paths)) {
        await measure('(warm-up)', `${base}${path}`, { seconds: 2 });
        results[`${label} ${name}`] = await measure(`${label} ${name}`, `${base}${path}`, {
          seconds: SECONDS,
        });
      }
    };

    const uncached = await startBenchApi({ ...env, STOREFRONT_CACHE: 'off' });
    await run('api uncached', uncached.base, routes);
    await uncached.api.kill();

    const cached = await startBenchApi({ ...env, STOREFRONT_CACHE: 'on' });
    await run('api cached', cached.base, routes);
    const cachedBody = (await request(`${cached.base}${routes.list}`, 'GET')).text;
    await cached.api.kill();
    // The same body as a fixed route of the api itself, through its whole stack.
    const own = await startBenchApi({ ...env, BENCH_FIXED_BODY: cachedBody });
    await run('api', own.base, { 'fixed JSON (Nest route)': '/api/v1/bench/fixed' });
    await own.api.kill();

    const port = await freePort();
    const server = spawnTs('bench/support/baseline-server.ts', {
      ...env,
      PORT: String(port),
      BENCH_STORE_ID: seeded.storeId,
      BENCH_FIXED_BODY: cachedBody,
    });
    await server.waitForOutput('baseline ready');
    await run('baseline', `http://127.0.0.1:${port}`, {
      list: '/list?category=tops',
      search: '/search?q=wool',
      detail: '/detail/red-sweater-1',
      fixed: '/fixed',
    });
    await server.kill();

    const r = (a: string, b: string) => `${ratio(results[a], results[b])}`;
    console.log('\nratios (req/s):');
    console.log(
      `  uncached list   / baseline list   = ${r('api uncached list', 'baseline list')}   (target ≥ 0.60)`,
    );
    console.log(
      `  uncached search / baseline search = ${r('api uncached search', 'baseline search')}   (target ≥ 0.60)`,
    );
    console.log(
      `  uncached detail / baseline detail = ${r('api uncached detail', 'baseline detail')}`,
    );
    console.log(
      `  cached list     / fixed JSON      = ${r('api cached list', 'baseline fixed')}   (target ≥ 0.80)`,
    );
    console.log(
      `  cached detail   / fixed JSON      = ${r('api cached detail', 'baseline fixed')}`,
    );
    console.log(
      `  cached list     / the api's own fixed-JSON route = ${r('api cached list', 'api fixed JSON (Nest route)')}`,
    );
    console.log(
      `p99 at 32 connections (target < 50 ms): ${Object.entries(results)
        .filter(([k]) => k.startsWith('api'))
        .map(([k, m]) => `${k} ${m.p99} ms`)
        .join(', ')}`,
    );
  } finally {
    await db.drop();
  }
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
