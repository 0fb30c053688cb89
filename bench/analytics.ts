/**
 * Store analytics at size: `npm run bench:analytics`. Seeds one store by SQL with 100,000 paid
 * orders (1 to 3 items each, a payment each, 2% partly refunded) spread over the last 60 days,
 * 150,000 carts and 200,000 emails, then times GET /stores/{id}/analytics one request at a
 * time (the default 30 days by day, and 366 days by day and by week), next to GET /health/live
 * round trips of the same process: median and p95 of 30 requests each.
 */
import { Client } from 'pg';
import { request } from '../test/support/http';
import { benchEnv, startBenchApi } from './support/bench-api';
import { benchDatabase } from './support/bench-db';
import { storeWithHistory } from './support/seed-orders';

const ORDERS = Number(process.env.BENCH_ORDERS ?? 100_000);
const RUNS = 30;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

async function time(name: string, url: string, token?: string) {
  for (let i = 0; i < 3; i++) await request(url, 'GET', { token });
  const latencies: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const res = await request(url, 'GET', { token });
    latencies.push(performance.now() - started);
    if (res.status !== 200) throw new Error(`${name}: ${res.status} ${res.text}`);
  }
  latencies.sort((a, b) => a - b);
  console.log(
    `${name.padEnd(36)} median ${percentile(latencies, 50).toFixed(1).padStart(6)} ms  p95 ${percentile(latencies, 95).toFixed(1).padStart(6)} ms`,
  );
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
      'Analytics',
      'analytics-bench',
      ORDERS,
    );

    const analytics = `${base}/api/v1/stores/${store.id}/analytics`;
    const today = new Date();
    const yearAgo = new Date(today.getTime() - 365 * 86_400_000);
    const day = (d: Date) => d.toISOString().slice(0, 10);
    const year = `?from=${day(yearAgo)}&to=${day(today)}`;
    await time('GET /health/live (baseline)', `${base}/health/live`);
    await time('GET analytics, default 30 days', analytics, token);
    await time('GET analytics, 366 days by day', `${analytics}${year}`, token);
    await time('GET analytics, 366 days by week', `${analytics}${year}&interval=week`, token);
    const check = await request(`${analytics}${year}`, 'GET', { token });
    console.log(
      `366 days: ${check.body.totals.orders} orders, ${check.body.totals.unitsSold} units, ${check.body.series.length} periods, ${check.body.topProducts.length} top products`,
    );
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
