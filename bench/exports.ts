/**
 * Exports at size: `npm run bench:exports`. Seeds one store by SQL with 100,000 paid orders
 * (bench/support/seed-orders.ts), then runs the `orders` and `order-items` CSV exports through
 * the api (the job runs in the api process: no REDIS_URL) and reports the time to `succeeded`,
 * rows a second and the api's resident memory before and at its peak (sampled from /metrics),
 * next to a baseline in the same run: PostgreSQL's own `COPY (…) TO STDOUT WITH CSV` of the same
 * orders read by this process.
 */
import { Client } from 'pg';
import { request } from '../test/support/http';
import { benchEnv, startBenchApi } from './support/bench-api';
import { benchDatabase } from './support/bench-db';
import { storeWithHistory } from './support/seed-orders';

const ORDERS = Number(process.env.BENCH_ORDERS ?? 100_000);

async function rssOf(base: string): Promise<number> {
  const res = await request(`${base}/metrics`, 'GET');
  const line = /^process_resident_memory_bytes (\d+(?:\.\d+)?(?:e\+\d+)?)/m.exec(res.text);
  return line ? Number(line[1]) : 0;
}

async function copyBaseline(owner: Client, storeId: string): Promise<number> {
  const started = performance.now();
  const { rows } = await owner.query(
    `select count(*)::int as n, sum(length(t))::bigint as bytes from (
       select concat_ws(',', number, id, status, email, currency, subtotal, discount_total,
                        shipping_total, tax_total, total, created_at, paid_at) as t
         from customer_order where store_id = $1) x`,
    [storeId],
  );
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `baseline: PostgreSQL renders ${rows[0].n} order rows (${(Number(rows[0].bytes) / 1e6).toFixed(1)} MB) in ${seconds.toFixed(2)} s`,
  );
  return seconds;
}

async function runExport(base: string, token: string, storeId: string, type: string) {
  const rssBefore = await rssOf(base);
  const started = performance.now();
  const res = await request(`${base}/api/v1/stores/${storeId}/exports`, 'POST', {
    token,
    body: { type, format: 'csv' },
  });
  if (res.status !== 202) throw new Error(`export: ${res.status} ${res.text}`);
  let peak = rssBefore;
  for (;;) {
    peak = Math.max(peak, await rssOf(base));
    const got = await request(`${base}/api/v1/stores/${storeId}/exports/${res.body.id}`, 'GET', {
      token,
    });
    if (got.body.status === 'succeeded' || got.body.status === 'failed') {
      const seconds = (performance.now() - started) / 1000;
      if (got.body.status === 'failed') throw new Error(`export failed: ${got.body.error}`);
      const mb = (n: number) => (n / 1024 / 1024).toFixed(0);
      console.log(
        `${type.padEnd(12)} ${String(got.body.rowCount).padStart(7)} rows in ${seconds.toFixed(2)} s ` +
          `(${Math.round(got.body.rowCount / seconds)} rows/s), api RSS ${mb(rssBefore)} → peak ${mb(peak)} MiB`,
      );
      return seconds;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function main() {
  const db = await benchDatabase();
  const { api, base } = await startBenchApi(benchEnv(db.url));
  const owner = new Client({ connectionString: db.url });
  await owner.connect();
  try {
    const { token, store } = await storeWithHistory(
      base,
      owner,
      'Exports',
      'exports-bench',
      ORDERS,
    );
    const baseline = await copyBaseline(owner, store.id);
    const orders = await runExport(base, token, store.id, 'orders');
    await runExport(base, token, store.id, 'order-items');
    console.log(`orders export ÷ PostgreSQL rendering alone: ${(orders / baseline).toFixed(1)}×`);
  } finally {
    await owner.end();
    await api.kill();
    await db.drop();
  }
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
