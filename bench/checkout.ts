/**
 * Checkout throughput: `npm run bench:checkout`. 16 concurrent buyers place single-item
 * guest orders (server-side totals, stock reserved by conditional update, order number,
 * outbox event) for 10 s: first spread over 16 distinct variants, then all on one hot
 * variant, where every order waits for the one before on that variant's row lock.
 */
import autocannon from 'autocannon';
import { Client } from 'pg';
import { request } from '../test/support/http';
import { benchEnv, startBenchApi } from './support/bench-api';
import { benchDatabase } from './support/bench-db';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ADDRESS = {
  name: 'Bench Buyer',
  line1: '1 Main St',
  city: 'Springfield',
  postalCode: '12345',
  country: 'US',
};

async function run(name: string, url: string, variants: string[]) {
  let n = 0;
  const result = await autocannon({
    url,
    connections: 16,
    duration: SECONDS,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        setupRequest: (req) => ({
          ...req,
          body: JSON.stringify({
            items: [{ variantId: variants[n++ % variants.length], quantity: 1 }],
            email: 'bench@example.com',
            shippingAddress: ADDRESS,
          }),
        }),
      },
    ],
  });
  const created = result['2xx'];
  console.log(
    `${name.padEnd(28)} ${(created / SECONDS).toFixed(0).padStart(6)} orders/s  p50 ${result.latency.p50} ms  p99 ${result.latency.p99} ms  non-2xx ${result.non2xx}`,
  );
  return { ordersPerSecond: created / SECONDS, p99: result.latency.p99 };
}

async function main() {
  const db = await benchDatabase();
  const { api, base } = await startBenchApi(benchEnv(db.url));
  try {
    const reg = await request(`${base}/api/v1/auth/register`, 'POST', {
      body: { email: 'bench@example.com', password: 'bench password 1', name: 'Bench' },
    });
    const token = reg.body.accessToken as string;
    const store = (
      await request(`${base}/api/v1/stores`, 'POST', {
        token,
        body: { name: 'Checkout', slug: 'checkout-bench', currency: 'USD' },
      })
    ).body;
    const product = await request(`${base}/api/v1/stores/${store.id}/products`, 'POST', {
      token,
      body: {
        title: 'Bench item',
        status: 'active',
        variants: Array.from({ length: 17 }, (_, i) => ({
          sku: `BENCH-${i}`,
          price: 1000 + i,
          stock: 10_000_000,
          lowStockThreshold: 0,
        })),
      },
    });
    const variants: string[] = product.body.variants.map((v: { id: string }) => v.id);
    const url = `${base}/api/v1/catalog/checkout-bench/orders`;
    await run('(warm-up)', url, variants.slice(0, 16));
    const spread = await run('16 buyers, 16 variants', url, variants.slice(0, 16));
    const hot = await run('16 buyers, 1 hot variant', url, variants.slice(16));
    const owner = new Client({ connectionString: db.url });
    await owner.connect();
    const [{ negative }] = (
      await owner.query(`select count(*)::int as negative from variant where stock < 0`)
    ).rows;
    const [{ numbers, orders }] = (
      await owner.query(
        `select count(distinct number)::int as numbers, count(*)::int as orders from customer_order`,
      )
    ).rows;
    await owner.end();
    console.log(
      `\nhot / spread = ${(hot.ordersPerSecond / spread.ordersPerSecond).toFixed(2)}; ${orders} orders, ${numbers} distinct numbers, ${negative} variants below zero`,
    );
  } finally {
    await api.kill();
    await db.drop();
  }
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
