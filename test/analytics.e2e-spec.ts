import {
  createStore,
  placeOrder,
  productWithVariants,
  registerUser,
  storeWithStaff,
  TestUser,
} from './support/fixtures';
import {
  PaymentDoubles,
  startPaymentDoubles,
  STRIPE_WEBHOOK_SECRET,
} from './support/payment-doubles';
import type { StripeEvent } from './support/stripe-double';
import { startTestApi, TestApi } from './support/test-api';

/**
 * GET /stores/{storeId}/analytics over a history made through the api (storefront orders,
 * Stripe payments, failures and refunds through the double, carts), then moved by owner SQL to
 * instants around midnight in Asia/Tokyo (UTC+9: local midnight is 15:00 UTC the day before).
 */
describe('store analytics (HTTP)', () => {
  let doubles: PaymentDoubles;
  let api: TestApi;
  let store: { id: string; slug: string };
  let users: Record<string, TestUser>;
  let admin: TestUser;
  const variant: Record<string, string> = {};
  const product: Record<string, string> = {};
  const orders: Record<string, { id: string; orderToken: string; total: number }> = {};

  const analytics = (query = '', user: TestUser = admin, storeId = store.id) =>
    api.http('GET', `/api/v1/stores/${storeId}/analytics${query}`, { token: user.token });
  const deliver = (event: StripeEvent) => {
    const payload = JSON.stringify(event);
    const signature = doubles.stripe.signedHeader(payload, STRIPE_WEBHOOK_SECRET);
    return api.http('POST', '/api/v1/payments/stripe/webhook', {
      raw: { body: payload, contentType: 'application/json; charset=utf-8' },
      headers: { 'stripe-signature': signature },
    });
  };
  const session = async (o: { id: string; orderToken: string }) => {
    const res = await api.http('POST', '/api/v1/payments/stripe/session', {
      body: { orderId: o.id, orderToken: o.orderToken },
    });
    expect(res.status).toBe(201);
    return res.body.sessionId as string;
  };
  const place = async (slug: string, items: Array<{ variantId: string; quantity: number }>) => {
    const res = await placeOrder(api, slug, items);
    expect(res.status).toBe(201);
    return res.body as { id: string; orderToken: string; total: number };
  };
  const pay = async (o: { id: string; orderToken: string }) => {
    const { sessionCompleted } = doubles.stripe.pay(await session(o));
    expect((await deliver(sessionCompleted)).status).toBe(200);
  };
  const refund = async (storeId: string, orderId: string, amount: number) => {
    const res = await api.http('POST', `/api/v1/stores/${storeId}/orders/${orderId}/refunds`, {
      token: admin.token,
      body: { amount },
    });
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('succeeded');
  };
  /**
   * Moves an order to chosen instants, with its payments (here and in the payments context:
   * each made a minute before it succeeded or failed) and its refunds.
   */
  const move = async (
    orderId: string,
    at: { created: string; paid?: string; refunded?: string },
  ) => {
    const paymentAt = `(coalesce($3::timestamptz, $2::timestamptz) - interval '1 minute')`;
    await api.db.sql(
      `update customer_order set created_at = $2, paid_at = coalesce($3, paid_at),
              payments = (select coalesce(jsonb_agg(jsonb_set(p, '{createdAt}',
                            to_jsonb(to_char(${paymentAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))), '[]')
                            from jsonb_array_elements(payments) p)
        where id = $1`,
      [orderId, at.created, at.paid ?? null],
    );
    await api.db.sql(`update payment set created_at = ${paymentAt} where order_id = $1`, [
      orderId,
      at.created,
      at.paid ?? null,
    ]);
    if (at.refunded) {
      await api.db.sql(`update order_refund set created_at = $2 where order_id = $1`, [
        orderId,
        at.refunded,
      ]);
      await api.db.sql(`update refund set created_at = $2 where order_id = $1`, [
        orderId,
        at.refunded,
      ]);
    }
  };
  const cart = async (slug: string, createdAt: string) => {
    const res = await api.http('POST', `/api/v1/catalog/${slug}/carts`, { body: {} });
    expect(res.status).toBe(201);
    await api.db.sql(`update cart set created_at = $2 where id = $1`, [res.body.id, createdAt]);
    return res.body.id as string;
  };
  const email = (storeId: string, status: string, createdAt: string, channel = 'email') =>
    api.db.sql(
      `insert into notification (store_id, channel, template, recipient, body, status, created_at)
       values ($1, $2, 'order-confirmation', 'a@example.com', 'x', $3, $4)`,
      [storeId, channel, status, createdAt],
    );

  beforeAll(async () => {
    doubles = await startPaymentDoubles();
    api = await startTestApi({ env: { ...doubles.env, AUTH_RATE_LIMIT: '100000' } });
    ({ store, users } = await storeWithStaff(api));
    admin = users.StoreAdmin;
    const patched = await api.http('PATCH', `/api/v1/stores/${store.id}`, {
      token: admin.token,
      body: { settings: { timezone: 'Asia/Tokyo' } },
    });
    expect(patched.status).toBe(200);
    const made = async (name: string, prices: number[]) => {
      const variants = await productWithVariants(
        api,
        store.id,
        admin,
        prices.map((p) => [p, 100]),
        `Product ${name}`,
      );
      variants.forEach((v, i) => (variant[`${name}${i + 1}`] = v.id));
      const got = await api.db.sql<{ product_id: string }>(
        `select product_id from variant where id = $1`,
        [variants[0].id],
      );
      product[name] = got[0].product_id;
    };
    await made('A', [1000, 2500]);
    await made('B', [700]);
    await made('C', [1000]);

    // O1: paid 00:05 on 1 March in Tokyo (created the evening before): in range.
    orders.o1 = await place(store.slug, [{ variantId: variant.A1, quantity: 2 }]);
    await pay(orders.o1);
    // O2: paid 23:55 on 28 February (out of range); 300 refunded at midnight, 2 March (in).
    orders.o2 = await place(store.slug, [{ variantId: variant.B1, quantity: 3 }]);
    await pay(orders.o2);
    await refund(store.id, orders.o2.id, 300);
    // O3: a failed payment, then a paid one, on 4 March; 500 refunded on 6 March.
    orders.o3 = await place(store.slug, [
      { variantId: variant.A2, quantity: 1 },
      { variantId: variant.B1, quantity: 1 },
    ]);
    const failed = doubles.stripe.failPayment(await session(orders.o3));
    expect((await deliver(failed)).status).toBe(200);
    await pay(orders.o3);
    await refund(store.id, orders.o3.id, 500);
    // O4: paid 23:59 on 10 March, the last minute of the range.
    orders.o4 = await place(store.slug, [{ variantId: variant.C1, quantity: 1 }]);
    await pay(orders.o4);
    // O5: paid at midnight, 11 March: out of range, though its payment was made on 10 March.
    orders.o5 = await place(store.slug, [{ variantId: variant.B1, quantity: 1 }]);
    await pay(orders.o5);
    // O6: never paid.
    orders.o6 = await place(store.slug, [{ variantId: variant.A1, quantity: 5 }]);

    await move(orders.o1.id, { created: '2025-02-28T14:50:00Z', paid: '2025-02-28T15:05:00Z' });
    await move(orders.o2.id, {
      created: '2025-02-28T14:00:00Z',
      paid: '2025-02-28T14:55:00Z',
      refunded: '2025-03-01T15:00:00Z',
    });
    await move(orders.o3.id, {
      created: '2025-03-04T02:50:00Z',
      paid: '2025-03-04T03:00:00Z',
      refunded: '2025-03-06T00:00:00Z',
    });
    await move(orders.o4.id, { created: '2025-03-10T14:30:00Z', paid: '2025-03-10T14:59:00Z' });
    await move(orders.o5.id, { created: '2025-03-10T14:40:00Z', paid: '2025-03-10T15:00:00Z' });
    await move(orders.o6.id, { created: '2025-03-03T01:00:00Z' });

    // Carts: three made in range (one pruned since), one the minute before it starts.
    await cart(store.slug, '2025-02-28T15:00:00Z');
    const pruned = await cart(store.slug, '2025-03-05T03:00:00Z');
    await api.db.sql(`delete from cart where id = $1`, [pruned]);
    await cart(store.slug, '2025-03-10T14:59:59Z');
    await cart(store.slug, '2025-02-28T14:59:00Z');

    // Emails: 2 sent and 1 failed in range; queued, SMS and out of range ones do not count.
    await email(store.id, 'sent', '2025-03-02T00:00:00Z');
    await email(store.id, 'sent', '2025-03-10T14:59:00Z');
    await email(store.id, 'failed', '2025-02-28T15:00:00Z');
    await email(store.id, 'queued', '2025-03-03T00:00:00Z');
    await email(store.id, 'failed', '2025-03-03T00:00:00Z', 'sms');
    await email(store.id, 'failed', '2025-02-28T14:59:00Z');
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await doubles?.close();
  });

  it('counts every figure of the range to the minor unit, in the store time zone', async () => {
    const res = await analytics('?from=2025-03-01&to=2025-03-10');
    expect(res.status).toBe(200);
    const { series, ...rest } = res.body;
    expect(rest).toEqual({
      currency: 'USD',
      from: '2025-03-01',
      to: '2025-03-10',
      interval: 'day',
      totals: {
        grossSales: orders.o1.total + orders.o3.total + orders.o4.total,
        orders: 3,
        averageOrderValue: Math.round((2000 + 3200 + 1000) / 3),
        refunds: 800,
        netSales: 6200 - 800,
        unitsSold: 2 + 2 + 1,
        carts: 3,
        checkoutConversion: 1.3333, // O3, O4, O5, O6 created ÷ 3 carts
        paymentSuccessRate: 0.8, // O3 failed; O1, O3, O4, O5 succeeded (O2's was made before)
        emailDeliveryRate: 0.6667,
      },
      topProducts: [
        { productId: product.A, title: 'Product A', unitsSold: 3, grossSales: 4500 },
        { productId: product.C, title: 'Product C', unitsSold: 1, grossSales: 1000 },
        { productId: product.B, title: 'Product B', unitsSold: 1, grossSales: 700 },
      ],
    });
    expect([orders.o1.total, orders.o3.total, orders.o4.total]).toEqual([2000, 3200, 1000]);
    const zero = { grossSales: 0, orders: 0, refunds: 0 };
    expect(series).toEqual([
      { period: '2025-03-01', grossSales: 2000, orders: 1, refunds: 0 },
      { period: '2025-03-02', ...zero, refunds: 300 },
      { period: '2025-03-03', ...zero },
      { period: '2025-03-04', grossSales: 3200, orders: 1, refunds: 0 },
      { period: '2025-03-05', ...zero },
      { period: '2025-03-06', ...zero, refunds: 500 },
      { period: '2025-03-07', ...zero },
      { period: '2025-03-08', ...zero },
      { period: '2025-03-09', ...zero },
      { period: '2025-03-10', grossSales: 1000, orders: 1, refunds: 0 },
    ]);
  });

  it('groups by ISO week from Monday and by month, the first period starting before from', async () => {
    const weeks = await analytics('?from=2025-03-01&to=2025-03-10&interval=week');
    expect(weeks.body.interval).toBe('week');
    expect(weeks.body.series).toEqual([
      { period: '2025-02-24', grossSales: 2000, orders: 1, refunds: 300 },
      { period: '2025-03-03', grossSales: 3200, orders: 1, refunds: 500 },
      { period: '2025-03-10', grossSales: 1000, orders: 1, refunds: 0 },
    ]);
    const months = await analytics('?from=2025-02-28&to=2025-03-01&interval=month');
    // Only 28 February of February counts: O2 (paid 23:55 Tokyo), not O1 (00:05 on 1 March).
    expect(months.body.series).toEqual([
      { period: '2025-02-01', grossSales: 2100, orders: 1, refunds: 0 },
      { period: '2025-03-01', grossSales: 2000, orders: 1, refunds: 0 },
    ]);
    expect(months.body.totals).toMatchObject({ grossSales: 4100, orders: 2, unitsSold: 5 });
    expect(months.body.topProducts).toEqual([
      { productId: product.B, title: 'Product B', unitsSold: 3, grossSales: 2100 },
      { productId: product.A, title: 'Product A', unitsSold: 2, grossSales: 2000 },
    ]);
    const empty = await analytics('?from=2024-12-30&to=2025-01-12&interval=week');
    expect(empty.body.series).toEqual([
      { period: '2024-12-30', grossSales: 0, orders: 0, refunds: 0 },
      { period: '2025-01-06', grossSales: 0, orders: 0, refunds: 0 },
    ]);
    expect(empty.body.totals).toMatchObject({
      averageOrderValue: 0,
      checkoutConversion: null,
      paymentSuccessRate: null,
      emailDeliveryRate: null,
    });
  });

  it('follows the store when it changes its time zone', async () => {
    const utc = { settings: { timezone: 'UTC' } };
    const tokyo = { settings: { timezone: 'Asia/Tokyo' } };
    const patch = (body: object) =>
      api.http('PATCH', `/api/v1/stores/${store.id}`, { token: admin.token, body });
    expect((await patch(utc)).status).toBe(200);
    try {
      const res = await analytics('?from=2025-03-01&to=2025-03-10');
      // In UTC, O1 and O2 were paid on 28 February, O5 on 10 March.
      expect(res.body.totals).toMatchObject({ grossSales: 3200 + 1000 + 700, orders: 3 });
      expect(res.body.series[0]).toEqual({
        period: '2025-03-01',
        grossSales: 0,
        orders: 0,
        refunds: 300,
      });
    } finally {
      await patch(tokyo);
    }
  });

  it('never counts another store', async () => {
    const other = await createStore(api, admin);
    const [v] = await productWithVariants(api, other.id, admin, [[999, 10]]);
    const o = await place(other.slug, [{ variantId: v.id, quantity: 1 }]);
    await pay(o);
    await refund(other.id, o.id, 100);
    await move(o.id, {
      created: '2025-03-04T00:00:00Z',
      paid: '2025-03-04T00:00:00Z',
      refunded: '2025-03-04T00:00:00Z',
    });
    await cart(other.slug, '2025-03-04T00:00:00Z');
    await email(other.id, 'failed', '2025-03-04T00:00:00Z');
    const mine = await analytics('?from=2025-03-01&to=2025-03-10');
    expect(mine.body.totals).toMatchObject({
      grossSales: 6200,
      orders: 3,
      refunds: 800,
      carts: 3,
      checkoutConversion: 1.3333,
      paymentSuccessRate: 0.8,
      emailDeliveryRate: 0.6667,
    });
    const theirs = await analytics('?from=2025-03-01&to=2025-03-10', admin, other.id);
    expect(theirs.body.totals).toMatchObject({
      grossSales: 999,
      orders: 1,
      refunds: 100,
      carts: 1,
      paymentSuccessRate: 1,
      emailDeliveryRate: 0,
    });
    expect(theirs.body.topProducts).toHaveLength(1);
  });

  it('answers the 30 days ending today by default, zeros and nulls for a new store', async () => {
    const owner = await registerUser(api, 'Fresh');
    const fresh = await createStore(api, owner, 'EUR');
    const res = await analytics('', owner, fresh.id);
    expect(res.status).toBe(200);
    const today = new Date().toISOString().slice(0, 10);
    expect(res.body.to).toBe(today);
    expect(res.body.series).toHaveLength(30);
    expect(res.body.series[0].period).toBe(res.body.from);
    expect(res.body).toMatchObject({ currency: 'EUR', interval: 'day', topProducts: [] });
    expect(res.body.totals).toEqual({
      grossSales: 0,
      orders: 0,
      averageOrderValue: 0,
      refunds: 0,
      netSales: 0,
      unitsSold: 0,
      carts: 0,
      checkoutConversion: null,
      paymentSuccessRate: null,
      emailDeliveryRate: null,
    });
  });

  it('refuses bad ranges and intervals with a 400 problem naming the field', async () => {
    const cases: Array<[string, string]> = [
      ['?from=2025-03-02&to=2025-03-01', 'from'],
      ['?from=2024-01-01&to=2025-01-01', 'to'],
      ['?from=2025-02-30&to=2025-03-01', 'from'],
      ['?from=2025-3-1', 'from'],
      ['?to=tomorrow', 'to'],
      ['?interval=year', 'interval'],
      ['?from=2999-01-01', 'from'],
      ['?since=2025-01-01', 'since'],
    ];
    for (const [query, field] of cases) {
      const res = await analytics(query);
      expect([query, res.status]).toEqual([query, 400]);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect((await analytics('?from=2024-01-01&to=2024-12-31')).status).toBe(200);
  });

  it('lets every member read, and hides the store from anyone else', async () => {
    for (const role of ['StoreAdmin', 'Manager', 'Staff', 'Viewer']) {
      expect([role, (await analytics('', users[role])).status]).toEqual([role, 200]);
    }
    expect((await analytics('', users.outsider)).status).toBe(404);
    const anonymous = await api.http('GET', `/api/v1/stores/${store.id}/analytics`);
    expect(anonymous.status).toBe(401);
  });
});
