/**
 * Storefront reads against the ceiling of this stack: `npm run bench:storefront`.
 * Seeds 2,000 products (3 variants each) and starts, side by side:
 *  - the api with STOREFRONT_CACHE=off (every read goes to PostgreSQL);
 *  - the api with the cache on;
 *  - baseline: Fastify + pg with the best hand-written SQL for the same answers, and a route
 *    returning a fixed JSON string (the cached list's own body).
 * Then, in rounds, one case at a time (32 connections, BENCH_SECONDS each), so that the
 * machine's slow spells fall on every case alike; prints each run, the medians, and the
 * ratios the targets are stated in, computed from the medians.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { loadConfig } from '@silkcart/shared';
import { createApiApp } from '../apps/api/src/bootstrap';
import { seedCatalog } from '../scripts/seed-catalog';
import { request } from '../test/support/http';
import { Child, freePort, spawnTs } from '../test/support/processes';
import { benchEnv, startBenchApi } from './support/bench-api';
import { benchDatabase } from './support/bench-db';
import { measure, Measurement, median, ratio } from './support/measure';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

async function main() {
  const db = await benchDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'silkcart-bench-'));
  const env = benchEnv(db.url, {
    REDIS_URL: process.env.BENCH_REDIS === '1' ? process.env.REDIS_URL : '',
    DATA_DIR: dataDir,
    MIGRATIONS_RUN: 'false',
  });
  const results: Record<string, Measurement> = {};
  const servers: Child[] = [];
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
    const uncached = await startBenchApi({ ...env, STOREFRONT_CACHE: 'off' });
    servers.push(uncached.api);
    const listBody = (await request(`${uncached.base}${routes.list}`, 'GET')).text;
    // The cached api also serves the list's body as a fixed route through its whole stack.
    const cached = await startBenchApi({
      ...env,
      STOREFRONT_CACHE: 'on',
      BENCH_FIXED_BODY: listBody,
    });
    servers.push(cached.api);
    const port = await freePort();
    const baseline = spawnTs('bench/support/baseline-server.ts', {
      ...env,
      PORT: String(port),
      BENCH_STORE_ID: seeded.storeId,
      BENCH_FIXED_BODY: listBody,
    });
    servers.push(baseline);
    await baseline.waitForOutput('baseline ready');
    const base = `http://127.0.0.1:${port}`;

    // Every server is up (idle ones cost nothing); each round measures every case once, in
    // the same order, so a slow spell of the machine touches all of them alike.
    const cases: Array<[string, string]> = [
      ['api uncached list', `${uncached.base}${routes.list}`],
      ['baseline list', `${base}/list?category=tops`],
      ['api uncached search', `${uncached.base}${routes.search}`],
      ['baseline search', `${base}/search?q=wool`],
      ['api uncached detail', `${uncached.base}${routes.detail}`],
      ['baseline detail', `${base}/detail/red-sweater-1`],
      ['api cached list', `${cached.base}${routes.list}`],
      ['baseline fixed', `${base}/fixed`],
      ['api cached search', `${cached.base}${routes.search}`],
      ['api cached detail', `${cached.base}${routes.detail}`],
      ['api fixed JSON (Nest route)', `${cached.base}/api/v1/bench/fixed`],
    ];
    const runs: Record<string, Measurement[]> = {};
    for (const [name, url] of cases) await measure(`(warm-up) ${name}`, url, { seconds: 2 });
    for (let round = 1; round <= ROUNDS; round += 1) {
      console.log(`round ${round} of ${ROUNDS}`);
      for (const [name, url] of cases) {
        (runs[name] ??= []).push(await measure(name, url, { seconds: SECONDS }));
      }
    }
    console.log(`\nmedians of ${ROUNDS} rounds of ${SECONDS} s:`);
    for (const [name] of cases) results[name] = median(runs[name]);
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
    for (const server of servers) await server.kill();
    await db.drop();
  }
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
