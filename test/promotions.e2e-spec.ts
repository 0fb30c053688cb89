import { ADDRESS, productWithVariants, storeWithStaff, TestUser } from './support/fixtures';
import { startTestApi, TestApi } from './support/test-api';

/** Promotions over HTTP: the merchant routes under the roles matrix, carts, orders, and races. */
describe('promotions (HTTP)', () => {
  let api: TestApi;
  let store: { id: string; slug: string };
  let users: Record<string, TestUser>;
  let seq = 0;

  const as = (user: TestUser, method: string, path: string, body?: unknown) =>
    api.http(method, `/api/v1/stores/${store.id}/promotions${path}`, { token: user.token, body });
  const sf = (method: string, path: string, body?: unknown) =>
    api.http(method, `/api/v1/catalog/${store.slug}${path}`, { body });
  /** A promotion made by the StoreAdmin; the code is unique per call. */
  const promotion = async (terms: Record<string, unknown>) => {
    const res = await as(users.StoreAdmin, 'POST', '', { code: `code${++seq}x`, ...terms });
    if (res.status !== 201) throw new Error(`promotion: ${res.status} ${res.text}`);
    return res.body;
  };
  const order = (items: Array<{ variantId: string; quantity: number }>, extra = {}) =>
    sf('POST', '/orders', {
      items,
      email: 'buyer@example.com',
      shippingAddress: ADDRESS,
      ...extra,
    });

  beforeAll(async () => {
    api = await startTestApi({ env: { AUTH_RATE_LIMIT: '100000' } });
    ({ store, users } = await storeWithStaff(api));
  });
  afterAll(() => api.close());

  describe('merchant routes', () => {
    it('creates with the contract shape, the code upper-case, and lists and reads it', async () => {
      const res = await as(users.Manager, 'POST', '', {
        code: 'Summer-10',
        type: 'percentage',
        value: 10,
        minSubtotal: 1000,
        usageLimit: 5,
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        code: 'SUMMER-10',
        type: 'percentage',
        value: 10,
        minSubtotal: 1000,
        startsAt: null,
        endsAt: null,
        usageLimit: 5,
        oncePerEmail: false,
        enabled: true,
        timesUsed: 0,
        createdAt: expect.any(String),
      });
      const got = await as(users.Viewer, 'GET', `/${res.body.id}`);
      expect(got.body).toEqual(res.body);
      const list = await as(users.Staff, 'GET', '?enabled=true');
      expect(list.status).toBe(200);
      expect(list.body.items.map((p: { id: string }) => p.id)).toContain(res.body.id);
      expect(list.body).toMatchObject({ page: 1, limit: 20 });
    });

    it('applies the roles matrix: Manager+ write, members read, outsiders see nothing', async () => {
      const made = await promotion({ type: 'fixed', value: 500 });
      expect(
        (await as(users.Staff, 'POST', '', { code: 'STAFFX', type: 'free_shipping' })).status,
      ).toBe(403);
      expect((await as(users.Viewer, 'PATCH', `/${made.id}`, { enabled: false })).status).toBe(403);
      expect((await as(users.Staff, 'DELETE', `/${made.id}`)).status).toBe(403);
      expect((await as(users.outsider, 'GET', '')).status).toBe(404);
      expect((await as(users.Viewer, 'GET', '')).status).toBe(200);
      const patched = await as(users.Manager, 'PATCH', `/${made.id}`, { enabled: false });
      expect(patched.body).toMatchObject({ enabled: false, value: 500 });
      expect((await as(users.Manager, 'DELETE', `/${made.id}`)).status).toBe(204);
      expect((await as(users.Manager, 'GET', `/${made.id}`)).status).toBe(404);
    });

    it('refuses a taken code (any case) with 409 and bad values with 400', async () => {
      await as(users.Manager, 'POST', '', { code: 'TAKEN1', type: 'free_shipping' });
      expect(
        (await as(users.Manager, 'POST', '', { code: 'taken1', type: 'free_shipping' })).status,
      ).toBe(409);
      const bad = async (body: unknown, field: string) => {
        const res = await as(users.Manager, 'POST', '', body);
        expect(res.status).toBe(400);
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      };
      await bad({ code: 'AB', type: 'fixed', value: 1 }, 'code');
      await bad({ code: 'BAD CODE', type: 'fixed', value: 1 }, 'code');
      await bad({ code: 'PCT101', type: 'percentage', value: 101 }, 'value');
      await bad({ code: 'PCT0', type: 'percentage', value: 0 }, 'value');
      await bad({ code: 'FIX0', type: 'fixed', value: 0 }, 'value');
      await bad({ code: 'FREE5', type: 'free_shipping', value: 5 }, 'value');
      await bad({ code: 'NOKIND', type: 'bogo' }, 'type');
      await bad(
        {
          code: 'WINDOW',
          type: 'fixed',
          value: 1,
          startsAt: '2030-01-02T00:00:00Z',
          endsAt: '2030-01-01T00:00:00Z',
        },
        'endsAt',
      );
    });
  });

  describe('carts and orders', () => {
    it('puts a code on a cart, says why one does not apply, and takes it off', async () => {
      const [v] = await productWithVariants(api, store.id, users.StoreAdmin, [[3333, 50]]);
      const pct = await promotion({ type: 'percentage', value: 15 });
      const cart = (await sf('POST', '/carts', { items: [{ variantId: v.id, quantity: 1 }] })).body;
      expect(cart).toMatchObject({ promotionCode: null, discountTotal: 0 });
      const applied = await sf('POST', `/carts/${cart.id}/promotion`, {
        code: pct.code.toLowerCase(),
      });
      expect(applied.status).toBe(200);
      // 15 % of 3333 = 499.95, rounded half up
      expect(applied.body).toMatchObject({
        promotionCode: pct.code,
        discountTotal: 500,
        subtotal: 3333,
      });

      const why = async (code: string, text: RegExp) => {
        const res = await sf('POST', `/carts/${cart.id}/promotion`, { code });
        expect(res.status).toBe(400);
        expect(res.body.errors[0].field).toBe('code');
        expect(res.body.errors[0].message).toMatch(text);
      };
      await why('NOSUCHCODE', /unknown/);
      await why((await promotion({ type: 'fixed', value: 1, enabled: false })).code, /disabled/);
      await why(
        (await promotion({ type: 'fixed', value: 1, startsAt: '2999-01-01T00:00:00Z' })).code,
        /not started/,
      );
      await why(
        (await promotion({ type: 'fixed', value: 1, endsAt: '2001-01-01T00:00:00Z' })).code,
        /ended/,
      );
      await why((await promotion({ type: 'fixed', value: 1, minSubtotal: 5000 })).code, /minimum/);

      const removed = await sf('DELETE', `/carts/${cart.id}/promotion`);
      expect(removed.body).toMatchObject({ promotionCode: null, discountTotal: 0 });
    });

    it("orders with the cart's code or the order's own, and shows it on the order", async () => {
      const [v] = await productWithVariants(api, store.id, users.StoreAdmin, [[2000, 50]]);
      const fixed = await promotion({ type: 'fixed', value: 5000 });
      const cart = (await sf('POST', '/carts', { items: [{ variantId: v.id, quantity: 2 }] })).body;
      await sf('POST', `/carts/${cart.id}/promotion`, { code: fixed.code });
      const placed = await sf('POST', '/orders', {
        cartId: cart.id,
        email: 'a@example.com',
        shippingAddress: ADDRESS,
      });
      expect(placed.status).toBe(201);
      // a fixed amount is at most the subtotal
      expect(placed.body).toMatchObject({
        promotionCode: fixed.code,
        subtotal: 4000,
        discountTotal: 4000,
      });
      const { subtotal, discountTotal, shippingTotal, taxTotal, total } = placed.body;
      expect(total).toBe(subtotal - discountTotal + shippingTotal + taxTotal);

      const free = await promotion({ type: 'free_shipping' });
      const own = await order([{ variantId: v.id, quantity: 1 }], { promotionCode: free.code });
      expect(own.body).toMatchObject({
        promotionCode: free.code,
        discountTotal: 0,
        shippingTotal: 0,
      });
      const read = await sf('GET', `/orders/${own.body.id}`);
      expect(read.status).toBe(404); // no token
      const merchant = await api.http('GET', `/api/v1/stores/${store.id}/orders/${own.body.id}`, {
        token: users.Viewer.token,
      });
      expect(merchant.body).toMatchObject({ promotionCode: free.code });
      expect((await as(users.Viewer, 'GET', `/${free.id}`)).body.timesUsed).toBe(1);

      const refused = await order([{ variantId: v.id, quantity: 1 }], { promotionCode: 'NOPE42' });
      expect(refused.status).toBe(409);
      expect(refused.body.errors[0]).toMatchObject({ field: 'code' });
    });

    it('gives the use back when an unpaid order is cancelled', async () => {
      const [v] = await productWithVariants(api, store.id, users.StoreAdmin, [[1000, 50]]);
      const once = await promotion({ type: 'percentage', value: 50, usageLimit: 1 });
      const first = await order([{ variantId: v.id, quantity: 1 }], { promotionCode: once.code });
      expect(first.status).toBe(201);
      const second = await order([{ variantId: v.id, quantity: 1 }], { promotionCode: once.code });
      expect(second.status).toBe(409);
      expect(second.body.errors[0].message).toMatch(/used up/);
      await api.http('POST', `/api/v1/stores/${store.id}/orders/${first.body.id}/cancel`, {
        token: users.Manager.token,
        body: {},
      });
      expect((await as(users.Viewer, 'GET', `/${once.id}`)).body.timesUsed).toBe(0);
      const again = await order([{ variantId: v.id, quantity: 1 }], { promotionCode: once.code });
      expect(again.status).toBe(201);
    });
  });

  describe('under concurrency (real PostgreSQL, parallel HTTP requests)', () => {
    it('a code of usageLimit 3 is carried by exactly 3 of 20 parallel orders', async () => {
      const [v] = await productWithVariants(api, store.id, users.StoreAdmin, [[1000, 100]]);
      const limited = await promotion({ type: 'fixed', value: 100, usageLimit: 3 });
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          sf('POST', '/orders', {
            items: [{ variantId: v.id, quantity: 1 }],
            email: `racer${i}@example.com`,
            shippingAddress: ADDRESS,
            promotionCode: limited.code,
          }),
        ),
      );
      expect(results.filter((r) => r.status === 201)).toHaveLength(3);
      expect(results.filter((r) => r.status === 409)).toHaveLength(17);
      expect((await as(users.Viewer, 'GET', `/${limited.id}`)).body.timesUsed).toBe(3);
      const carrying = await api.db.sql<{ n: string }>(
        `select count(*) as n from customer_order where promotion_code = $1`,
        [limited.code],
      );
      expect(Number(carrying[0].n)).toBe(3);
    });

    it('a once-per-email code is used once by 10 parallel orders of one email', async () => {
      const [v] = await productWithVariants(api, store.id, users.StoreAdmin, [[1000, 100]]);
      const once = await promotion({ type: 'fixed', value: 100, oncePerEmail: true });
      const results = await Promise.all(
        Array.from({ length: 10 }, () =>
          sf('POST', '/orders', {
            items: [{ variantId: v.id, quantity: 1 }],
            email: 'Same.Buyer@example.com',
            shippingAddress: ADDRESS,
            promotionCode: once.code,
          }),
        ),
      );
      expect(results.filter((r) => r.status === 201)).toHaveLength(1);
      const other = await order([{ variantId: v.id, quantity: 1 }], { promotionCode: once.code });
      expect(other.status).toBe(201);
    });

    it('stock and a code limit together: neither is oversold', async () => {
      const [v] = await productWithVariants(api, store.id, users.StoreAdmin, [[1000, 4]]);
      const limited = await promotion({ type: 'fixed', value: 100, usageLimit: 6 });
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          sf('POST', '/orders', {
            items: [{ variantId: v.id, quantity: 1 }],
            email: `both${i}@example.com`,
            shippingAddress: ADDRESS,
            promotionCode: limited.code,
          }),
        ),
      );
      expect(results.filter((r) => r.status === 201)).toHaveLength(4);
      const stock = await api.db.sql<{ stock: number }>(`select stock from variant where id = $1`, [
        v.id,
      ]);
      expect(stock[0].stock).toBe(0);
      expect((await as(users.Viewer, 'GET', `/${limited.id}`)).body.timesUsed).toBe(4);
    });
  });

  it('keeps promotions to their store', async () => {
    const other = await storeWithStaff(api);
    const mine = await promotion({ type: 'fixed', value: 100 });
    const [v] = await productWithVariants(api, other.store.id, other.users.StoreAdmin, [[1000, 5]]);
    const res = await api.http('POST', `/api/v1/catalog/${other.store.slug}/orders`, {
      body: {
        items: [{ variantId: v.id, quantity: 1 }],
        email: 'x@example.com',
        shippingAddress: ADDRESS,
        promotionCode: mine.code,
      },
    });
    expect(res.status).toBe(409);
    expect(
      (
        await api.http('GET', `/api/v1/stores/${other.store.id}/promotions/${mine.id}`, {
          token: other.users.StoreAdmin.token,
        })
      ).status,
    ).toBe(404);
  });
});
