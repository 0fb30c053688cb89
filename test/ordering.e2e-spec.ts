import { randomUUID } from 'node:crypto';
import { RequestContext, Scheduler, StoreId, TenantTx } from '@silkcart/shared';
import { OrderTransitions } from '../libs/ordering/src/application/order-transitions';
import {
  ADDRESS,
  createStore,
  placeOrder,
  productWithVariants,
  registerUser,
  storeWithStaff,
  TestUser,
  waitForMail,
} from './support/fixtures';
import { startTestApi, TestApi } from './support/test-api';

describe('ordering (HTTP)', () => {
  let api: TestApi;
  let admin: TestUser;
  let store: { id: string; slug: string };

  const sf = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    api.http(method, `/api/v1/catalog/${store.slug}${path}`, { body, headers });
  const stock = async (variantId: string) =>
    (await api.db.sql<{ stock: number }>(`select stock from variant where id = $1`, [variantId]))[0]
      .stock;
  /** The lifecycle alone, without a provider (the payments tests go through Stripe and PayPal). */
  const markPaid = (storeId: string, orderId: string) =>
    api.app
      .get(TenantTx)
      .run(RequestContext.system('test-paid', storeId as StoreId), (ctx) =>
        api.app.get(OrderTransitions).apply(ctx, orderId, 'paid'),
      );

  beforeAll(async () => {
    api = await startTestApi({ env: { AUTH_RATE_LIMIT: '100000' } });
    admin = await registerUser(api, 'Shop Admin');
    store = await createStore(api, admin, 'EUR');
    await api.http('PATCH', `/api/v1/stores/${store.id}`, {
      token: admin.token,
      body: {
        settings: {
          shipping: { flatRate: 700, freeOver: 100000, rates: { FR: 500 } },
          tax: { rates: [{ country: 'FR', rate: 0.2 }] },
        },
      },
    });
  });
  afterAll(() => api.close());

  describe('carts', () => {
    it('creates a cart, adds up the same variant, changes and removes lines at current prices', async () => {
      const [a, b] = await productWithVariants(
        api,
        store.id,
        admin,
        [
          [1500, 50],
          [900, 50],
        ],
        'Cart Tee',
      );
      const created = await sf('POST', '/carts', { items: [{ variantId: a.id, quantity: 1 }] });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({
        id: expect.any(String),
        items: [
          {
            id: expect.any(String),
            variantId: a.id,
            sku: a.sku,
            title: 'Cart Tee – V0',
            unitPrice: 1500,
            quantity: 1,
            lineTotal: 1500,
          },
        ],
        subtotal: 1500,
        promotionCode: null,
        discountTotal: 0,
        currency: 'EUR',
      });
      const cart = created.body.id;
      const added = await sf('POST', `/carts/${cart}/items`, { variantId: a.id, quantity: 2 });
      expect(added.status).toBe(200);
      expect(added.body.items).toHaveLength(1);
      expect(added.body.items[0]).toMatchObject({ quantity: 3, lineTotal: 4500 });
      const withB = await sf('POST', `/carts/${cart}/items`, { variantId: b.id, quantity: 1 });
      expect(withB.body.subtotal).toBe(5400);
      const itemId = withB.body.items.find((i: { variantId: string }) => i.variantId === b.id).id;
      expect(
        (await sf('PATCH', `/carts/${cart}/items/${itemId}`, { quantity: 4 })).body.subtotal,
      ).toBe(8100);
      const removed = await sf('DELETE', `/carts/${cart}/items/${itemId}`);
      expect(removed.status).toBe(200);
      expect(removed.body.subtotal).toBe(4500);
      await api.http(
        'PATCH',
        `/api/v1/stores/${store.id}/products/${(await api.db.sql<{ product_id: string }>(`select product_id from variant where id = $1`, [a.id]))[0].product_id}/variants/${a.id}`,
        { token: admin.token, body: { price: 1600 } },
      );
      expect((await sf('GET', `/carts/${cart}`)).body.subtotal).toBe(4800);
    });

    it('refuses a variant that is unknown or of another store → 400 naming the item', async () => {
      const other = await registerUser(api);
      const otherStore = await createStore(api, other);
      const [foreign] = await productWithVariants(api, otherStore.id, other, [[100, 5]]);
      const [mine] = await productWithVariants(api, store.id, admin, [[100, 5]]);
      const res = await sf('POST', '/carts', {
        items: [
          { variantId: mine.id, quantity: 1 },
          { variantId: foreign.id, quantity: 1 },
          { variantId: randomUUID(), quantity: 1 },
        ],
      });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([
        'items.1.variantId',
        'items.2.variantId',
      ]);
    });

    it('refuses quantities out of 1..999 and answers 404 for unknown carts and items', async () => {
      const [v] = await productWithVariants(api, store.id, admin, [[100, 5]]);
      expect(
        (await sf('POST', '/carts', { items: [{ variantId: v.id, quantity: 0 }] })).status,
      ).toBe(400);
      expect(
        (await sf('POST', '/carts', { items: [{ variantId: v.id, quantity: 1000 }] })).status,
      ).toBe(400);
      const cart = (await sf('POST', '/carts', { items: [{ variantId: v.id, quantity: 999 }] }))
        .body.id;
      expect(
        (await sf('POST', `/carts/${cart}/items`, { variantId: v.id, quantity: 1 })).status,
      ).toBe(400);
      expect((await sf('GET', `/carts/${randomUUID()}`)).status).toBe(404);
      expect((await sf('GET', `/carts/not-a-uuid`)).status).toBe(404);
      expect((await sf('DELETE', `/carts/${cart}/items/${randomUUID()}`)).status).toBe(404);
    });
  });

  describe('placing orders', () => {
    it('orders a cart: server-side totals, snapshots, number from 1001, token, consumed cart', async () => {
      const [v] = await productWithVariants(api, store.id, admin, [[2000, 10]], 'Order Mug');
      const cart = (await sf('POST', '/carts', { items: [{ variantId: v.id, quantity: 2 }] })).body
        .id;
      const res = await sf('POST', '/orders', {
        cartId: cart,
        email: 'ada@example.com',
        shippingAddress: ADDRESS,
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        status: 'pending_payment',
        email: 'ada@example.com',
        items: [
          {
            variantId: v.id,
            sku: v.sku,
            title: 'Order Mug – V0',
            unitPrice: 2000,
            quantity: 2,
            lineTotal: 4000,
          },
        ],
        subtotal: 4000,
        discountTotal: 0,
        shippingTotal: 500,
        taxTotal: 900,
        total: 5400,
        currency: 'EUR',
        shippingAddress: ADDRESS,
        payments: [],
        paidAt: null,
        fulfilledAt: null,
        cancelledAt: null,
        orderToken: expect.any(String),
      });
      expect(res.body.number).toBeGreaterThanOrEqual(1001);
      expect(await stock(v.id)).toBe(8);

      expect(
        (await sf('POST', `/carts/${cart}/items`, { variantId: v.id, quantity: 1 })).status,
      ).toBe(409);
      expect(
        (
          await sf('POST', '/orders', {
            cartId: cart,
            email: 'ada@example.com',
            shippingAddress: ADDRESS,
          })
        ).status,
      ).toBe(409);

      const mine = await sf('GET', `/orders/${res.body.id}`, undefined, {
        'x-order-token': res.body.orderToken,
      });
      expect(mine.status).toBe(200);
      expect(mine.body.total).toBe(5400);
      expect(mine.body.orderToken).toBeUndefined();
      expect(
        (await sf('GET', `/orders/${res.body.id}`, undefined, { 'x-order-token': 'wrong' })).status,
      ).toBe(404);
      expect((await sf('GET', `/orders/${res.body.id}`)).status).toBe(404);

      const mail = await waitForMail(api, 'ada@example.com', 'order-confirmation');
      expect(mail.text).toContain(`#${res.body.number}`);
    });

    it('numbers orders per store upwards and keeps what was bought when the catalog changes', async () => {
      const owner = await registerUser(api);
      const fresh = await createStore(api, owner);
      const [v] = await productWithVariants(api, fresh.id, owner, [[100, 10]], 'Numbered');
      const first = await placeOrder(api, fresh.slug, [{ variantId: v.id, quantity: 1 }]);
      const second = await placeOrder(api, fresh.slug, [{ variantId: v.id, quantity: 1 }]);
      expect([first.body.number, second.body.number]).toEqual([1001, 1002]);
      const productId = (
        await api.db.sql<{ product_id: string }>(`select product_id from variant where id = $1`, [
          v.id,
        ])
      )[0].product_id;
      await api.http('PATCH', `/api/v1/stores/${fresh.id}/products/${productId}/variants/${v.id}`, {
        token: owner.token,
        body: { price: 999, sku: 'RENAMED' },
      });
      const order = await api.http('GET', `/api/v1/stores/${fresh.id}/orders/${first.body.id}`, {
        token: owner.token,
      });
      expect(order.body.items[0]).toMatchObject({ unitPrice: 100, sku: v.sku });
    });

    it.each([
      [{ items: [{ variantId: randomUUID(), quantity: 1, price: 1 }] }, 'items.0.price'],
      [{ total: 1 }, 'total'],
      [{ shippingAddress: { ...ADDRESS, country: 'France' } }, 'shippingAddress.country'],
      [{ shippingAddress: { ...ADDRESS, postalCode: undefined } }, 'shippingAddress.postalCode'],
      [{ email: 'nope' }, 'email'],
      [{ items: [{ variantId: randomUUID(), quantity: 0 }] }, 'items.0.quantity'],
    ])('refuses %j → 400 naming %s', async (change, field) => {
      const body = {
        items: [{ variantId: randomUUID(), quantity: 1 }],
        email: 'a@example.com',
        shippingAddress: ADDRESS,
        ...change,
      };
      const res = await sf('POST', '/orders', body);
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('refuses cartId with items, and unknown variants, → 400', async () => {
      const [v] = await productWithVariants(api, store.id, admin, [[100, 5]]);
      const cart = (await sf('POST', '/carts', { items: [{ variantId: v.id, quantity: 1 }] })).body
        .id;
      expect(
        (
          await sf('POST', '/orders', {
            cartId: cart,
            items: [{ variantId: v.id, quantity: 1 }],
            email: 'a@example.com',
            shippingAddress: ADDRESS,
          })
        ).status,
      ).toBe(400);
      const unknown = await placeOrder(api, store.slug, [{ variantId: randomUUID(), quantity: 1 }]);
      expect(unknown.status).toBe(400);
      expect(unknown.body.errors[0].field).toBe('items.0.variantId');
    });

    it('refuses not enough stock → 409 naming every short variant, and takes nothing', async () => {
      const [plenty, few, none] = await productWithVariants(api, store.id, admin, [
        [100, 50],
        [100, 1],
        [100, 0],
      ]);
      const res = await placeOrder(api, store.slug, [
        { variantId: plenty.id, quantity: 3 },
        { variantId: few.id, quantity: 2 },
        { variantId: none.id, quantity: 1 },
      ]);
      expect(res.status).toBe(409);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
        'items.1.variantId',
        'items.2.variantId',
      ]);
      expect(res.body.detail).toMatch(/stock/);
      expect([await stock(plenty.id), await stock(few.id), await stock(none.id)]).toEqual([
        50, 1, 0,
      ]);
    });

    it('writes a low-stock event when a variant falls to its threshold', async () => {
      const [v] = await productWithVariants(api, store.id, admin, [[100, 4]]);
      expect((await placeOrder(api, store.slug, [{ variantId: v.id, quantity: 2 }])).status).toBe(
        201,
      );
      const mail = await waitForMail(api, admin.email, 'low-stock');
      expect(mail.text).toContain(v.sku);
    });
  });

  describe('the order lifecycle, store side', () => {
    it('lists and finds orders by status, number or email', async () => {
      const { store: s, users } = await storeWithStaff(api);
      const [v] = await productWithVariants(api, s.id, users.StoreAdmin, [[100, 10]]);
      const a = (await placeOrder(api, s.slug, [{ variantId: v.id, quantity: 1 }])).body;
      await api.http('POST', `/api/v1/catalog/${s.slug}/orders`, {
        body: {
          items: [{ variantId: v.id, quantity: 1 }],
          email: 'Other@Example.com',
          shippingAddress: ADDRESS,
        },
      });
      const list = (q: string) =>
        api.http('GET', `/api/v1/stores/${s.id}/orders${q}`, { token: users.Viewer.token });
      expect((await list('')).body).toMatchObject({ total: 2, page: 1, limit: 20 });
      expect((await list(`?q=${a.number}`)).body.items.map((o: { id: string }) => o.id)).toEqual([
        a.id,
      ]);
      expect((await list('?q=other@example.com')).body.total).toBe(1);
      expect((await list('?status=paid')).body.total).toBe(0);
      expect((await list('?status=shipped')).status).toBe(400);
      expect(
        (
          await api.http('GET', `/api/v1/stores/${s.id}/orders/${a.id}`, {
            token: users.Viewer.token,
          })
        ).body.id,
      ).toBe(a.id);
    });

    it('fulfils only paid orders (Staff+) and refuses other transitions → 409', async () => {
      const { store: s, users } = await storeWithStaff(api);
      const [v] = await productWithVariants(api, s.id, users.StoreAdmin, [[100, 10]]);
      const order = (await placeOrder(api, s.slug, [{ variantId: v.id, quantity: 1 }])).body;
      const fulfil = (token: string) =>
        api.http('POST', `/api/v1/stores/${s.id}/orders/${order.id}/fulfil`, {
          token,
          body: { trackingNumber: 'TRK1', carrier: 'Colissimo' },
        });
      expect((await fulfil(users.Viewer.token)).status).toBe(403);
      expect((await fulfil(users.Staff.token)).status).toBe(409);
      await markPaid(s.id, order.id);
      const done = await fulfil(users.Staff.token);
      expect(done.status).toBe(200);
      expect(done.body).toMatchObject({
        status: 'fulfilled',
        fulfilledAt: expect.any(String),
        paidAt: expect.any(String),
      });
      expect((await fulfil(users.Staff.token)).status).toBe(409);
      expect(
        (
          await api.http('POST', `/api/v1/stores/${s.id}/orders/${order.id}/cancel`, {
            token: users.Manager.token,
            body: {},
          })
        ).status,
      ).toBe(409);
      const mail = await waitForMail(api, 'buyer@example.com', 'order-shipped');
      expect(mail.text).toContain('TRK1');
    });

    it('cancels (Manager+) and gives the stock back once', async () => {
      const { store: s, users } = await storeWithStaff(api);
      const [v] = await productWithVariants(api, s.id, users.StoreAdmin, [[100, 10]]);
      const order = (await placeOrder(api, s.slug, [{ variantId: v.id, quantity: 4 }])).body;
      expect(await stock(v.id)).toBe(6);
      const cancel = (token: string) =>
        api.http('POST', `/api/v1/stores/${s.id}/orders/${order.id}/cancel`, {
          token,
          body: { reason: 'customer asked' },
        });
      expect((await cancel(users.Staff.token)).status).toBe(403);
      const res = await cancel(users.Manager.token);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'cancelled', cancelledAt: expect.any(String) });
      expect(await stock(v.id)).toBe(10);
      expect((await cancel(users.Manager.token)).status).toBe(409);
      expect(await stock(v.id)).toBe(10);
    });

    it("answers 404 for another store's order through this store's path, changing nothing", async () => {
      const a = await storeWithStaff(api);
      const b = await storeWithStaff(api);
      const [v] = await productWithVariants(api, b.store.id, b.users.StoreAdmin, [[100, 10]]);
      const order = (await placeOrder(api, b.store.slug, [{ variantId: v.id, quantity: 1 }])).body;
      const token = a.users.StoreAdmin.token;
      expect(
        (await api.http('GET', `/api/v1/stores/${a.store.id}/orders/${order.id}`, { token }))
          .status,
      ).toBe(404);
      expect(
        (
          await api.http('POST', `/api/v1/stores/${a.store.id}/orders/${order.id}/cancel`, {
            token,
            body: {},
          })
        ).status,
      ).toBe(404);
      expect(
        (
          await api.http('GET', `/api/v1/catalog/${a.store.slug}/orders/${order.id}`, {
            headers: { 'x-order-token': order.orderToken },
          })
        ).status,
      ).toBe(404);
      expect(
        (await api.db.sql(`select status from customer_order where id = $1`, [order.id]))[0],
      ).toEqual({ status: 'pending_payment' });
    });

    it('expires unpaid orders after the hold time and releases their stock exactly once', async () => {
      const [v] = await productWithVariants(api, store.id, admin, [[100, 10]]);
      const order = (await placeOrder(api, store.slug, [{ variantId: v.id, quantity: 3 }])).body;
      expect(await stock(v.id)).toBe(7);
      const scheduler = api.app.get(Scheduler);
      await scheduler.run('ordering.expire-unpaid');
      expect(
        (await api.db.sql(`select status from customer_order where id = $1`, [order.id]))[0],
      ).toEqual({ status: 'pending_payment' });
      await api.db.sql(
        `update customer_order set expires_at = now() - interval '1 second' where id = $1`,
        [order.id],
      );
      await Promise.all([
        scheduler.run('ordering.expire-unpaid'),
        scheduler.run('ordering.expire-unpaid'),
      ]);
      await scheduler.run('ordering.expire-unpaid');
      expect(
        (await api.db.sql(`select status from customer_order where id = $1`, [order.id]))[0],
      ).toEqual({ status: 'expired' });
      expect(await stock(v.id)).toBe(10);
    });
  });

  describe('housekeeping', () => {
    it('removes carts unused for 7 days and keeps the others', async () => {
      const [v] = await productWithVariants(api, store.id, admin, [[100, 5]]);
      const idle = (await sf('POST', '/carts', { items: [{ variantId: v.id, quantity: 1 }] })).body
        .id;
      const recent = (await sf('POST', '/carts', {})).body.id;
      await api.db.sql(`update cart set updated_at = now() - interval '8 days' where id = $1`, [
        idle,
      ]);
      await api.app.get(Scheduler).run('ordering.prune-carts');
      expect((await sf('GET', `/carts/${idle}`)).status).toBe(404);
      expect((await sf('GET', `/carts/${recent}`)).status).toBe(200);
    });

    it('counts orders per store in silkcart_orders_total', async () => {
      const [v] = await productWithVariants(api, store.id, admin, [[100, 5]]);
      await placeOrder(api, store.slug, [{ variantId: v.id, quantity: 1 }]);
      const metrics = await api.http('GET', '/metrics');
      expect(metrics.text).toMatch(
        new RegExp(`silkcart_orders_total\\{store="${store.id}"\\} [1-9]\\d*`),
      );
    });
  });

  describe('Idempotency-Key', () => {
    it('replays the first answer for the same key and body, 422 for another body', async () => {
      const [v] = await productWithVariants(api, store.id, admin, [[100, 10]]);
      const key = { 'idempotency-key': `order-${randomUUID()}` };
      const first = await placeOrder(api, store.slug, [{ variantId: v.id, quantity: 1 }], key);
      const again = await placeOrder(api, store.slug, [{ variantId: v.id, quantity: 1 }], key);
      expect(first.status).toBe(201);
      expect(again.status).toBe(201);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body).toEqual(first.body);
      expect(await stock(v.id)).toBe(9);
      const other = await placeOrder(api, store.slug, [{ variantId: v.id, quantity: 2 }], key);
      expect(other.status).toBe(422);
      expect(
        (
          await placeOrder(api, store.slug, [{ variantId: v.id, quantity: 1 }], {
            'idempotency-key': 'x'.repeat(256),
          })
        ).status,
      ).toBe(400);
    });

    it('lets a failed first attempt be retried with the same key', async () => {
      const [v] = await productWithVariants(api, store.id, admin, [[100, 0]]);
      const key = { 'idempotency-key': `retry-${randomUUID()}` };
      expect(
        (await placeOrder(api, store.slug, [{ variantId: v.id, quantity: 1 }], key)).status,
      ).toBe(409);
      await api.db.sql(`update variant set stock = 1 where id = $1`, [v.id]);
      expect(
        (await placeOrder(api, store.slug, [{ variantId: v.id, quantity: 1 }], key)).status,
      ).toBe(201);
    });
  });

  describe('under concurrency, against real PostgreSQL', () => {
    it('sells a stock of 5 to exactly 5 of 25 parallel buyers, never below zero', async () => {
      const [v] = await productWithVariants(api, store.id, admin, [[100, 5]]);
      const results = await Promise.all(
        Array.from({ length: 25 }, () =>
          placeOrder(api, store.slug, [{ variantId: v.id, quantity: 1 }]),
        ),
      );
      const statuses = results.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 201)).toHaveLength(5);
      expect(statuses.filter((s) => s === 409)).toHaveLength(20);
      expect(await stock(v.id)).toBe(0);
      const numbers = results.filter((r) => r.status === 201).map((r) => r.body.number);
      expect(new Set(numbers).size).toBe(5);
    });

    it('creates one order for the same Idempotency-Key sent 10 times at once', async () => {
      const [v] = await productWithVariants(api, store.id, admin, [[100, 50]]);
      const key = { 'idempotency-key': `burst-${randomUUID()}` };
      const results = await Promise.all(
        Array.from({ length: 10 }, () =>
          placeOrder(api, store.slug, [{ variantId: v.id, quantity: 1 }], key),
        ),
      );
      for (const r of results) expect([201, 409]).toContain(r.status);
      const created = results.filter((r) => r.status === 201);
      expect(created.length).toBeGreaterThanOrEqual(1);
      expect(new Set(created.map((r) => r.body.id)).size).toBe(1);
      const orders = await api.db.sql(
        `select o.id from customer_order o join order_item i on i.order_id = o.id where i.variant_id = $1`,
        [v.id],
      );
      expect(orders).toHaveLength(1);
      expect(await stock(v.id)).toBe(49);
    });
  });
});
