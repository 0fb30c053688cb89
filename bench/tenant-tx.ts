/**
 * The cost of the per-request tenant transaction and row-level security.
 * `npm run bench:tenant` (DATABASE_URL's server, or an embedded PostgreSQL).
 *
 * Same run, same api process, same guard (token + membership + role):
 *  - rls:   the store's recent activity read in the request's tenant transaction
 *           (BEGIN, set_config, unfiltered SELECT that RLS filters, COMMIT);
 *  - plain: the same rows with no transaction, a WHERE clause on a connection that bypasses RLS;
 *  - GET /stores/{id}: the real store read, for reference.
 */
import { request } from '../test/support/http';
import { benchEnv, startBenchApi } from './support/bench-api';
import { benchDatabase } from './support/bench-db';
import { measure, ratio } from './support/measure';
import { Client } from 'pg';

async function main() {
  const db = await benchDatabase();
  const { api, base } = await startBenchApi(benchEnv(db.url));
  try {
    const reg = await request(`${base}/api/v1/auth/register`, 'POST', {
      body: { email: 'bench@example.com', password: 'bench password 1', name: 'Bench' },
    });
    const token = reg.body.accessToken as string;
    const stores: string[] = [];
    for (let i = 0; i < 5; i++) {
      const s = await request(`${base}/api/v1/stores`, 'POST', {
        token,
        body: { name: `B${i}`, slug: `bench-${i}`, currency: 'USD' },
      });
      stores.push(s.body.id);
    }
    // 2,000 activity rows per store, so the filter has work to do.
    const owner = new Client({ connectionString: db.url });
    await owner.connect();
    await owner.query(
      `insert into store_activity (store_id, action, created_at)
       select s, 'bench.event', now() - (g || ' seconds')::interval
         from unnest($1::uuid[]) s, generate_series(1, 2000) g`,
      [stores],
    );
    await owner.query('analyze store_activity');
    await owner.end();

    const headers = { authorization: `Bearer ${token}` };
    const store = stores[0];
    await measure('warm-up', `${base}/api/v1/bench/stores/${store}/activity/rls`, {
      headers,
      seconds: 3,
    });
    const plain = await measure(
      'activity, no transaction, WHERE (no RLS)',
      `${base}/api/v1/bench/stores/${store}/activity/plain`,
      { headers },
    );
    const rls = await measure(
      'activity, tenant transaction + RLS',
      `${base}/api/v1/bench/stores/${store}/activity/rls`,
      { headers },
    );
    const read = await measure(
      'GET /stores/{id} (tenant transaction)',
      `${base}/api/v1/stores/${store}`,
      { headers },
    );
    console.log(
      `\nrls / plain = ${ratio(rls, plain)}   (req/s with the tenant transaction and RLS, relative to without)`,
    );
    console.log(`GET /stores/{id}: ${read.requestsPerSecond} req/s, p99 ${read.p99} ms`);
  } finally {
    await api.kill();
    await db.drop();
  }
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
