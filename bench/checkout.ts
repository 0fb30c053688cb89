/**
 * Checkout throughput: `npm run bench:checkout`. 16 concurrent buyers place single-item
 * guest orders (server-side totals, stock reserved by conditional update, order number,
 * outbox event) for 10 s: first spread over 16 distinct variants, then all on one hot
 * variant, where every order waits for the one before on that variant's row lock. Last, the
 * whole purchase: order → Stripe Checkout Session (through the SDK, to the local Stripe
 * double) → signed `checkout.session.completed` webhook → paid, 16 buyers at once, reported
 * as purchases a second and as a ratio to the order-only rate of the same run.
 */
import autocannon from 'autocannon';
import { Client } from 'pg';
import { request } from '../test/support/http';
import { startPaymentDoubles, STRIPE_WEBHOOK_SECRET } from '../test/support/payment-doubles';
import type { StripeDouble } from '../test/support/stripe-double';
import { benchEnv, startBenchApi } from './support/bench-api';
import { benchDatabase } from './support/bench-db';
import { benchStore } from './support/bench-store';

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

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/** Buyers each going through order → session → webhook until the time is up. */
async function purchases(base: string, slug: string, variants: string[], stripe: StripeDouble) {
  const until = Date.now() + SECONDS * 1000;
  const latencies: number[] = [];
  let failed = 0;
  let n = 0;
  const buyer = async () => {
    while (Date.now() < until) {
      const started = performance.now();
      const order = await request(`${base}/api/v1/catalog/${slug}/orders`, 'POST', {
        body: {
          items: [{ variantId: variants[n++ % variants.length], quantity: 1 }],
          email: 'bench@example.com',
          shippingAddress: ADDRESS,
        },
      });
      const session = await request(`${base}/api/v1/payments/stripe/session`, 'POST', {
        body: { orderId: order.body.id, orderToken: order.body.orderToken },
      });
      if (session.status !== 201) {
        failed++;
        continue;
      }
      const payload = JSON.stringify(stripe.pay(session.body.sessionId).sessionCompleted);
      const hook = await request(`${base}/api/v1/payments/stripe/webhook`, 'POST', {
        raw: { body: payload, contentType: 'application/json' },
        headers: { 'stripe-signature': stripe.signedHeader(payload, STRIPE_WEBHOOK_SECRET) },
      });
      if (hook.status === 200 && hook.body.outcome === 'applied')
        latencies.push(performance.now() - started);
      else failed++;
    }
  };
  await Promise.all(Array.from({ length: 16 }, buyer));
  latencies.sort((a, b) => a - b);
  const perSecond = latencies.length / SECONDS;
  console.log(
    `${'16 buyers, whole purchase'.padEnd(28)} ${perSecond.toFixed(0).padStart(6)} paid/s    p50 ${percentile(latencies, 50).toFixed(0)} ms  p99 ${percentile(latencies, 99).toFixed(0)} ms  failed ${failed}`,
  );
  return { perSecond };
}

async function main() {
  const db = await benchDatabase();
  const doubles = await startPaymentDoubles();
  const { api, base } = await startBenchApi(benchEnv(db.url, doubles.env));
  try {
    const made = await benchStore(
      base,
      'Checkout',
      'checkout-bench',
      Array.from({ length: 17 }, (_, i) => ({
        sku: `BENCH-${i}`,
        price: 1000 + i,
        stock: 10_000_000,
        lowStockThreshold: 0,
      })),
    );
    const variants = made.variants.map((v) => v.id);
    const url = `${base}/api/v1/catalog/checkout-bench/orders`;
    await run('(warm-up)', url, variants.slice(0, 16));
    const spread = await run('16 buyers, 16 variants', url, variants.slice(0, 16));
    const hot = await run('16 buyers, 1 hot variant', url, variants.slice(16));
    const whole = await purchases(base, 'checkout-bench', variants.slice(0, 16), doubles.stripe);
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
    const [{ paid, payments }] = (
      await owner.query(
        `select (select count(*)::int from customer_order where status = 'paid') as paid,
                (select count(*)::int from payment where status = 'succeeded') as payments`,
      )
    ).rows;
    await owner.end();
    console.log(
      `\nhot / spread = ${(hot.ordersPerSecond / spread.ordersPerSecond).toFixed(2)}; ${orders} orders, ${numbers} distinct numbers, ${negative} variants below zero`,
    );
    console.log(
      `whole purchase / order alone = ${(whole.perSecond / spread.ordersPerSecond).toFixed(2)}; ${paid} orders paid, ${payments} succeeded payments`,
    );
  } finally {
    await api.kill();
    await doubles.close();
    await db.drop();
  }
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
