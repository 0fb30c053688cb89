/**
 * Storefront reads against the ceiling: `npm run bench:storefront`.
 *
 * The ceiling is the hand-written SQL server in `../shared/ceiling/` (bare Fastify + pg over a
 * plain schema, started with its `run.sh`; CEILING_DIR names another copy). The same catalog
 * (2,000 products × 3 variants, 20 categories) is loaded into SilkCart through its API with the
 * ceiling's `load.mjs`, then both databases are VACUUM ANALYZEd. Side by side:
 *  - the api with STOREFRONT_CACHE=off (every read goes to PostgreSQL);
 *  - the api with the cache on;
 *  - the ceiling's three queries and its pre-serialised `/cached/...` route.
 * Then, in rounds, one case at a time (32 connections, BENCH_SECONDS each), so that the
 * machine's slow spells fall on every case alike; prints each run, the medians, and SilkCart ÷
 * ceiling per query from the medians.
 */
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { request } from '../test/support/http';
import { Child, freePort, spawnCommand } from '../test/support/processes';
import { benchEnv, startBenchApi } from './support/bench-api';
import { benchDatabase } from './support/bench-db';
import { measure, Measurement, median, ratio } from './support/measure';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CEILING = resolve(
  process.env.CEILING_DIR ?? join(__dirname, '..', '..', 'shared', 'ceiling'),
);
const CATALOG = '/tmp/anchors/data/catalog.json';

async function vacuumAnalyze(url: string): Promise<void> {
  const owner = new Client({ connectionString: url });
  await owner.connect();
  await owner.query('vacuum analyze');
  await owner.end();
}

async function main() {
  const db = await benchDatabase();
  const env = benchEnv(db.url, { MIGRATIONS_RUN: 'false' });
  const results: Record<string, Measurement> = {};
  const servers: Child[] = [];
  try {
    const ceilingPort = await freePort();
    const ceiling = spawnCommand('bash', [join(CEILING, 'run.sh')], {
      ...process.env,
      PORT: String(ceilingPort),
    });
    servers.push(ceiling);
    await ceiling.waitForOutput('raw-server listening', 300_000);
    const top = `http://127.0.0.1:${ceilingPort}`;

    const uncached = await startBenchApi({ ...env, STOREFRONT_CACHE: 'off' });
    servers.push(uncached.api);
    const load = spawnCommand('node', [join(CEILING, 'load.mjs'), uncached.base, CATALOG], env);
    await load.waitForOutput('loaded ', 600_000);
    await load.kill();
    console.log(load.output().trim());
    await vacuumAnalyze(db.url);

    const sf = `/api/v1/catalog/bench`;
    const routes = {
      list: `${sf}/products?category=category-06&ordering=price`,
      search: `${sf}/products?q=crimson`,
      detail: `${sf}/products/crimson-lamp`,
    };
    const listBody = (await request(`${uncached.base}${routes.list}`, 'GET')).text;
    // The cached api also serves the list's body as a fixed route through its whole stack.
    const cached = await startBenchApi({
      ...env,
      STOREFRONT_CACHE: 'on',
      BENCH_FIXED_BODY: listBody,
    });
    servers.push(cached.api);

    // Every server is up (idle ones cost nothing); each round measures every case once, in
    // the same order, so a slow spell of the machine touches all of them alike.
    const cases: Array<[string, string]> = [
      ['api uncached list', `${uncached.base}${routes.list}`],
      ['ceiling list', `${top}/categories/category-06/products`],
      ['api uncached search', `${uncached.base}${routes.search}`],
      ['ceiling search', `${top}/search?q=crimson`],
      ['api uncached detail', `${uncached.base}${routes.detail}`],
      ['ceiling detail', `${top}/products/crimson-lamp`],
      ['api cached list', `${cached.base}${routes.list}`],
      ['ceiling cached list', `${top}/cached/categories/category-06/products`],
      ['api fixed JSON (Nest route)', `${cached.base}/api/v1/bench/fixed`],
    ];
    // BENCH_CASES=search,detail measures only the cases whose names hold one of these words.
    const only = process.env.BENCH_CASES?.split(',');
    if (only)
      cases.splice(0, cases.length, ...cases.filter(([n]) => only.some((w) => n.includes(w))));
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
    const r = (a: string, b: string) =>
      results[a] && results[b] ? `${ratio(results[a], results[b])}` : '-';
    console.log('\nSilkCart ÷ ceiling (req/s):');
    console.log(`  uncached list   = ${r('api uncached list', 'ceiling list')}   (target ≥ 0.60)`);
    console.log(
      `  uncached search = ${r('api uncached search', 'ceiling search')}   (target ≥ 0.60)`,
    );
    console.log(
      `  uncached detail = ${r('api uncached detail', 'ceiling detail')}   (target ≥ 0.60)`,
    );
    console.log(`  cached list     = ${r('api cached list', 'ceiling cached list')}   (was 0.66)`);
    console.log(
      `  cached list ÷ the api's own fixed-JSON route = ${r('api cached list', 'api fixed JSON (Nest route)')}`,
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
