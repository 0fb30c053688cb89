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

async function seed(owner: Client, storeId: string, variants: string[]) {
  const started = performance.now();
  await owner.query(
    `insert into customer_order (store_id, number, status, email, shipping_address, subtotal,
       shipping_total, tax_total, total, currency, token_hash, expires_at, created_at, paid_at, payments)
     select $1, 1000 + g, 'paid', 'buyer' || g || '@example.com', '{"country":"US"}', t.amount, 0, 0,
            t.amount, 'USD', md5(g::text), t.at + interval '30 minutes', t.at, t.at + interval '2 minutes',
            jsonb_build_array(jsonb_build_object('id', gen_random_uuid(), 'provider', 'stripe',
              'status', 'succeeded', 'amount', t.amount, 'amountRefunded', 0, 'providerPaymentId', null,
              'createdAt', to_char((t.at + interval '1 minute') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
              'refunds', '[]'::jsonb))
       from generate_series(1, $2) g,
            lateral (select now() - random() * interval '60 days' as at,
                            1000 * (1 + g % 3) as amount) t`,
    [storeId, ORDERS],
  );
  await owner.query(
    `insert into order_item (store_id, order_id, variant_id, sku, title, unit_price, quantity, line_total, position)
     select o.store_id, o.id, ($2::uuid[])[1 + (abs(hashtext(o.id::text)) + k) % array_length($2::uuid[], 1)],
            'SKU', 'Bench item', 1000, 1, 1000, k
       from customer_order o, generate_series(0, 2) k
      where o.store_id = $1 and k < o.total / 1000`,
    [storeId, variants],
  );
  await owner.query(
    `insert into order_refund (store_id, order_id, amount, created_at)
     select store_id, id, 500, paid_at + interval '1 day' from customer_order
      where store_id = $1 and number % 50 = 0`,
    [storeId],
  );
  await owner.query(
    `insert into cart (store_id, created_at, updated_at)
     select $1, t, t from (select now() - random() * interval '60 days' as t
                             from generate_series(1, $2)) c`,
    [storeId, Math.round(ORDERS * 1.5)],
  );
  await owner.query(
    `insert into notification (store_id, channel, template, recipient, body, status, created_at)
     select $1, 'email', 'order-confirmation', 'buyer@example.com', 'x',
            case when g % 100 = 0 then 'failed' else 'sent' end, now() - random() * interval '60 days'
       from generate_series(1, $2) g`,
    [storeId, ORDERS * 2],
  );
  await owner.query(`vacuum analyze`);
  const [{ items }] = (
    await owner.query(`select count(*)::int as items from order_item where store_id = $1`, [
      storeId,
    ])
  ).rows;
  console.log(
    `seeded ${ORDERS} paid orders, ${items} items, ${Math.round(ORDERS * 1.5)} carts, ${ORDERS * 2} emails in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

async function main() {
  const db = await benchDatabase();
  const { api, base } = await startBenchApi(benchEnv(db.url));
  const owner = new Client({ connectionString: db.url });
  await owner.connect();
  try {
    const reg = await request(`${base}/api/v1/auth/register`, 'POST', {
      body: { email: 'bench@example.com', password: 'bench password 1', name: 'Bench' },
    });
    const token = reg.body.accessToken as string;
    const store = (
      await request(`${base}/api/v1/stores`, 'POST', {
        token,
        body: { name: 'Analytics', slug: 'analytics-bench', currency: 'USD' },
      })
    ).body;
    const product = await request(`${base}/api/v1/stores/${store.id}/products`, 'POST', {
      token,
      body: {
        title: 'Bench item',
        status: 'active',
        variants: Array.from({ length: 40 }, (_, i) => ({
          sku: `BENCH-${i}`,
          title: `V${i}`,
          price: 1000,
          stock: 1000,
        })),
      },
    });
    const variants: string[] = product.body.variants.map((v: { id: string }) => v.id);
    await seed(owner, store.id, variants);

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
