import type { Client } from 'pg';
import { BenchStore, benchStore } from './bench-store';

/**
 * One store's history by SQL: ORDERS paid orders (1 to 3 items each, a payment each, 2% partly
 * refunded) over the last 60 days, 1.5 carts and 2 emails per order; then VACUUM ANALYZE.
 */
export async function seedOrders(
  owner: Client,
  storeId: string,
  variants: string[],
  ORDERS: number,
): Promise<void> {
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

/**
 * A store made through the api at `base` (one product of 40 variants, `benchStore`) with
 * `orders` paid orders of history seeded by SQL (`seedOrders`): what the analytics and exports
 * benchmarks read.
 */
export async function storeWithHistory(
  base: string,
  owner: Client,
  name: string,
  slug: string,
  orders: number,
): Promise<BenchStore> {
  const made = await benchStore(
    base,
    name,
    slug,
    Array.from({ length: 40 }, (_, i) => ({
      sku: `BENCH-${i}`,
      title: `V${i}`,
      price: 1000,
      stock: 1000,
    })),
  );
  await seedOrders(
    owner,
    made.store.id,
    made.variants.map((v) => v.id),
    orders,
  );
  return made;
}
