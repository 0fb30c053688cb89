import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { RequestContext } from '@silkcart/shared';
import { randomBytes } from 'node:crypto';
import type { Client } from 'pg';
import Stripe from 'stripe';
import { ApplyPaymentEvent } from '../libs/payments/src/application/apply-payment-event.use-case';
import type { SeedHttp } from './seed-http';

/**
 * Shoppers for the demo store: customer accounts, orders placed through the storefront API
 * over the last 60 days, paid through the Stripe webhook's code path (signed events applied
 * in-process), fulfilled, a few refunded, reviewed and moderated; then dated by SQL.
 */

export const PROMOTION_CODE = 'WELCOME10';
export const CUSTOMER_PASSWORD = 'customer-password-123';
const DAYS = 60;
const ORDERS = 64;
const ABANDONED_CARTS = 8;

const PEOPLE: Array<[name: string, city: string, country: string, postalCode: string]> = [
  ['Ada Lovelace', 'London', 'GB', 'NW1 6XE'],
  ['Grace Hopper', 'New York', 'US', '10001'],
  ['Alan Turing', 'Manchester', 'GB', 'M1 1AA'],
  ['Katherine Johnson', 'Hampton', 'US', '23666'],
  ['Linus Torvalds', 'Portland', 'US', '97201'],
  ['Margaret Hamilton', 'Boston', 'US', '02108'],
  ['Edsger Dijkstra', 'Amsterdam', 'NL', '1011 AB'],
  ['Barbara Liskov', 'Cambridge', 'US', '02139'],
];
const REVIEWS: Array<[rating: number, title: string, body: string]> = [
  [5, 'Love it', 'Great quality and it fits perfectly. Would buy again.'],
  [4, 'Very nice', 'Soft, well made, shipping was quick. Runs a little large.'],
  [5, 'Perfect gift', 'Bought it for my sister and she wears it every day.'],
  [3, 'Good, not great', 'Nice material but the colour is darker than in the photos.'],
  [4, 'Solid', 'Does what it should and looks good doing it.'],
];

export interface Shopper {
  name: string;
  email: string;
  ip: string;
  address: Record<string, string>;
  /** A customer's access token; guests have none. */
  token?: string;
}

interface StockedVariant {
  id: string;
  productId: string;
  productSlug: string;
  stock: number;
}

type Fate = 'paid' | 'fulfilled' | 'refunded' | 'partially_refunded';

interface PlacedOrder {
  id: string;
  token: string;
  total: number;
  cartId: string;
  at: Date;
  fate: Fate;
  shopper: Shopper;
  productSlug: string;
  reviewed: boolean;
}

export interface SeedSalesInput {
  app: NestFastifyApplication;
  http: SeedHttp;
  /** The database owner (past row-level security), for dating what the API wrote today. */
  owner: Client;
  storeId: string;
  storeSlug: string;
  token: string;
  /** The Stripe webhook secret of the seed's in-process api. */
  webhookSecret: string;
}

export interface SeededSales {
  customers: Shopper[];
  orders: number;
  refunds: number;
  reviews: number;
}

export async function seedSales(input: SeedSalesInput): Promise<SeededSales> {
  await createPromotion(input);
  const customers = await registerCustomers(input);
  const guests = PEOPLE.slice(0, 4).map((p, i) => shopper(p, `guest${i + 1}@example.com`, 100 + i));
  const variants = await stockedVariants(input.owner, input.storeId);
  // Placed one after another, so that order numbers follow time; then settled four at a time.
  const placed: PlacedOrder[] = [];
  for (const [i, at] of orderTimes().entries()) {
    const who = i % 3 === 2 ? guests[i % guests.length] : customers[i % customers.length];
    const order = await placeOrder(input, who, takeItems(variants, i), at, fateOf(i, at), i);
    if (!order) break; // out of stock (a tiny --products)
    placed.push(order);
  }
  const pay = paymentsThroughWebhook(input);
  await inLanes(placed, 4, async (order, i) => {
    await pay.paid(order);
    await settle(input, order, pay);
    if (order.reviewed) await review(input, order, i);
  });
  await abandonCarts(input, variants, guests);
  await dateEverything(input.owner, placed);
  return {
    customers,
    orders: placed.length,
    refunds: placed.filter((o) => o.fate.endsWith('refunded')).length,
    reviews: placed.filter((o) => o.reviewed).length,
  };
}

async function inLanes<T>(items: T[], lanes: number, work: (item: T, i: number) => Promise<void>) {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      await work(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
}

function shopper(
  [name, city, country, postalCode]: (typeof PEOPLE)[number],
  email: string,
  n: number,
): Shopper {
  return {
    name,
    email,
    ip: `198.51.100.${n}`, // TEST-NET-2: documentation addresses
    address: { name, line1: `${10 + n} Market Street`, city, postalCode, country },
  };
}

async function createPromotion({ http, storeId, token }: SeedSalesInput): Promise<void> {
  await http.call('POST', `/stores/${storeId}/promotions`, {
    token,
    body: { code: PROMOTION_CODE, type: 'percentage', value: 10, oncePerEmail: false },
  });
}

async function registerCustomers({ http, storeSlug }: SeedSalesInput): Promise<Shopper[]> {
  const customers: Shopper[] = [];
  for (const [i, person] of PEOPLE.entries()) {
    const email = `${person[0].split(' ')[0].toLowerCase()}@example.com`;
    const who = shopper(person, email, 10 + i);
    const res = await http.call('POST', `/catalog/${storeSlug}/customers`, {
      ip: who.ip,
      body: { email, password: CUSTOMER_PASSWORD, name: who.name },
    });
    customers.push({ ...who, token: res.body.accessToken as string });
  }
  return customers;
}

async function stockedVariants(owner: Client, storeId: string): Promise<StockedVariant[]> {
  const { rows } = await owner.query<StockedVariant>(
    `select v.id, p.id as "productId", p.slug as "productSlug", v.stock
       from variant v join product p on p.id = v.product_id
      where v.store_id = $1 and v.stock > 2 and p.status = 'active'
      order by p.created_at desc, v.position limit 300`,
    [storeId],
  );
  return rows;
}

/** ORDERS times over the last DAYS days, oldest first (so order numbers follow time). */
function orderTimes(now = Date.now()): Date[] {
  return Array.from({ length: ORDERS }, (_, i) => {
    const daysAgo = DAYS - 1 - Math.floor((i * DAYS) / ORDERS);
    const minutes = 8 * 60 + ((i * 137) % (11 * 60)); // between 08:00 and 19:00 of that day
    const day = new Date(now - daysAgo * 86_400_000);
    day.setUTCHours(0, minutes, 0, 0);
    return new Date(Math.min(day.getTime(), now - (ORDERS - i) * 60_000));
  });
}

/** Most orders end fulfilled; the last two days' are still to ship; a few are refunded. */
function fateOf(i: number, at: Date): Fate {
  if (i % 16 === 5) return 'refunded';
  if (i % 16 === 11) return 'partially_refunded';
  return Date.now() - at.getTime() < 2 * 86_400_000 ? 'paid' : 'fulfilled';
}

/** One to three lines from the stocked variants, taking their stock as the api will. */
function takeItems(variants: StockedVariant[], i: number) {
  const items: Array<{ variantId: string; quantity: number; productSlug: string }> = [];
  const lines = 1 + (i % 3);
  for (let k = 0; k < variants.length && items.length < lines; k++) {
    const v = variants[(i * 7 + k * 13) % variants.length];
    const quantity = 1 + ((i + k) % 2);
    if (v.stock < quantity || items.some((x) => x.variantId === v.id)) continue;
    v.stock -= quantity;
    items.push({ variantId: v.id, quantity, productSlug: v.productSlug });
  }
  return items;
}

async function placeOrder(
  { http, storeSlug }: SeedSalesInput,
  who: Shopper,
  items: Array<{ variantId: string; quantity: number; productSlug: string }>,
  at: Date,
  fate: Fate,
  i: number,
): Promise<PlacedOrder | null> {
  if (items.length === 0) return null;
  const as = { ip: who.ip, token: who.token };
  const lines = items.map(({ variantId, quantity }) => ({ variantId, quantity }));
  const cart = (
    await http.call('POST', `/catalog/${storeSlug}/carts`, { ...as, body: { items: lines } })
  ).body;
  const body = {
    cartId: cart.id,
    email: who.email,
    shippingAddress: who.address,
    ...(i % 5 === 0 ? { promotionCode: PROMOTION_CODE } : {}),
  };
  const order = (await http.call('POST', `/catalog/${storeSlug}/orders`, { ...as, body })).body;
  return {
    id: order.id,
    token: order.orderToken,
    total: order.total,
    cartId: cart.id,
    at,
    fate,
    shopper: who,
    productSlug: items[0].productSlug,
    reviewed: fate === 'fulfilled' && i % 3 === 0,
  };
}

/**
 * Stripe's events, signed with the in-process api's webhook secret and applied by the use case
 * behind POST /payments/stripe/webhook: the order is paid (and refunded) exactly as when
 * Stripe reports it, without a Stripe account.
 */
function paymentsThroughWebhook({ app, storeId, webhookSecret }: SeedSalesInput) {
  const apply = app.get(ApplyPaymentEvent, { strict: false });
  const deliver = async (type: string, object: Record<string, unknown>) => {
    const payload = JSON.stringify({
      id: `evt_seed_${randomBytes(12).toString('hex')}`,
      object: 'event',
      api_version: '2025-01-27.acacia',
      created: Math.floor(Date.now() / 1000),
      data: { object },
      livemode: false,
      pending_webhooks: 0,
      request: { id: null, idempotency_key: null },
      type,
    });
    const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: webhookSecret });
    const outcome = await apply.execute(RequestContext.system(`seed-${type}`), 'stripe', {
      rawBody: Buffer.from(payload),
      headers: { 'stripe-signature': signature },
    });
    if (outcome !== 'applied')
      throw new Error(`${type} for ${JSON.stringify(object.metadata)}: ${outcome}`);
  };
  const intentOf = (order: PlacedOrder) => `pi_seed_${order.id.replace(/-/g, '')}`;
  return {
    paid: (order: PlacedOrder) =>
      deliver('checkout.session.completed', {
        id: `cs_seed_${order.id.replace(/-/g, '')}`,
        object: 'checkout.session',
        payment_status: 'paid',
        payment_intent: intentOf(order),
        client_reference_id: order.id,
        metadata: { orderId: order.id, storeId },
        amount_total: order.total,
        currency: 'usd',
      }),
    refunded: (order: PlacedOrder, amount: number) =>
      deliver('charge.refunded', {
        id: `ch_seed_${order.id.replace(/-/g, '')}`,
        object: 'charge',
        payment_intent: intentOf(order),
        amount: order.total,
        amount_refunded: amount,
        refunded: amount === order.total,
        metadata: { orderId: order.id, storeId },
      }),
  };
}

async function settle(
  { http, storeId, token }: SeedSalesInput,
  order: PlacedOrder,
  pay: ReturnType<typeof paymentsThroughWebhook>,
): Promise<void> {
  if (order.fate === 'paid') return;
  await http.call('POST', `/stores/${storeId}/orders/${order.id}/fulfil`, {
    token,
    body: { carrier: 'UPS', trackingNumber: `1Z${order.id.slice(0, 8).toUpperCase()}` },
  });
  if (order.fate === 'refunded') await pay.refunded(order, order.total);
  if (order.fate === 'partially_refunded') await pay.refunded(order, Math.floor(order.total / 2));
}

/** A review with the order's token, then published by the merchant (one in five rejected). */
async function review(
  { http, storeId, storeSlug, token }: SeedSalesInput,
  order: PlacedOrder,
  i: number,
) {
  const [rating, title, body] = REVIEWS[i % REVIEWS.length];
  const created = await http.call(
    'POST',
    `/catalog/${storeSlug}/products/${order.productSlug}/reviews`,
    {
      ip: order.shopper.ip,
      body: {
        orderId: order.id,
        orderToken: order.token,
        rating,
        title,
        body,
        authorName: order.shopper.name.split(' ')[0],
      },
    },
  );
  await http.call('PATCH', `/stores/${storeId}/reviews/${created.body.id}`, {
    token,
    body: { status: i % 5 === 4 ? 'rejected' : 'published' },
  });
}

/** Carts that never became orders, for the checkout conversion. */
async function abandonCarts(
  { http, storeSlug }: SeedSalesInput,
  variants: StockedVariant[],
  guests: Shopper[],
) {
  for (let i = 0; i < ABANDONED_CARTS && variants.length > 0; i++) {
    const items = [{ variantId: variants[(i * 11) % variants.length].id, quantity: 1 }];
    await http.call('POST', `/catalog/${storeSlug}/carts`, {
      ip: guests[i % guests.length].ip,
      body: { items },
    });
  }
}

/**
 * Everything was written just now; spread it over the days chosen, as the database owner.
 * The analytics rollups are kept by triggers, so they move with these updates.
 */
async function dateEverything(owner: Client, orders: PlacedOrder[]): Promise<void> {
  if (orders.length === 0) return;
  const at = (o: PlacedOrder, minutes: number) =>
    new Date(Math.min(o.at.getTime() + minutes * 60_000, Date.now() - 60_000)).toISOString();
  const rows = orders.map((o) => ({
    id: o.id,
    cart: o.cartId,
    created: at(o, 0),
    paid: at(o, 3),
    fulfilled: at(o, 26 * 60),
    refunded: at(o, 4 * 24 * 60),
    reviewed: at(o, 6 * 24 * 60),
  }));
  const col = (k: keyof (typeof rows)[number]) => rows.map((r) => r[k]);
  await owner.query('begin');
  try {
    await owner.query(
      `create temp table seed_dates on commit drop as
       select * from unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $4::timestamptz[],
                            $5::timestamptz[], $6::timestamptz[], $7::timestamptz[])
         as t(id, cart_id, created, paid, fulfilled, refunded, reviewed)`,
      [
        col('id'),
        col('cart'),
        col('created'),
        col('paid'),
        col('fulfilled'),
        col('refunded'),
        col('reviewed'),
      ],
    );
    for (const statement of DATING) await owner.query(statement);
    await owner.query('commit');
  } catch (err) {
    await owner.query('rollback');
    throw err;
  }
}

const ISO = (column: string) =>
  `to_jsonb(to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))`;

const DATING = [
  `update cart c set created_at = t.created - interval '4 minutes'
     from seed_dates t where c.id = t.cart_id`,
  `update payment p set created_at = t.paid, updated_at = t.paid
     from seed_dates t where p.order_id = t.id`,
  `update refund r set created_at = t.refunded, updated_at = t.refunded
     from seed_dates t where r.order_id = t.id`,
  `update order_refund r set created_at = t.refunded from seed_dates t where r.order_id = t.id`,
  `update review r set created_at = t.reviewed, updated_at = t.reviewed
     from seed_dates t where r.order_id = t.id`,
  // The order's copy of its payments, as the ledger shows them, with the same times.
  `update customer_order o
      set created_at = t.created, expires_at = t.created + interval '30 minutes', paid_at = t.paid,
          fulfilled_at = case when o.fulfilled_at is null then null else t.fulfilled end,
          payments = coalesce((
            select jsonb_agg(jsonb_set(jsonb_set(p, '{createdAt}', ${ISO('t.paid')}), '{refunds}',
                     coalesce((select jsonb_agg(jsonb_set(r, '{createdAt}', ${ISO('t.refunded')}))
                                 from jsonb_array_elements(p->'refunds') r), '[]'::jsonb)))
              from jsonb_array_elements(o.payments) p), '[]'::jsonb)
     from seed_dates t where o.id = t.id`,
  // Customers signed up before their first order.
  `update customer c set created_at = f.first - interval '2 days'
     from (select o.customer_id, min(t.created) as first from seed_dates t
             join customer_order o on o.id = t.id where o.customer_id is not null
            group by o.customer_id) f
    where c.id = f.customer_id`,
];
