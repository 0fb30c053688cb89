import { RequestContext, StoreId, TenantTx } from '@silkcart/shared';
import { OrderTransitions } from '../libs/ordering/src/application/order-transitions';
import { placeOrder, storeWithStaff, TestUser, unique } from './support/fixtures';
import { startTestApi, TestApi } from './support/test-api';

/** Verified-purchase reviews, their moderation, and the rating on storefront products. */
describe('reviews (HTTP)', () => {
  let api: TestApi;
  let store: { id: string; slug: string };
  let users: Record<string, TestUser>;
  const products: Record<string, { id: string; slug: string; variantId: string }> = {};

  const sf = (method: string, path: string, body?: unknown) =>
    api.http(method, `/api/v1/catalog/${store.slug}${path}`, { body });
  const merchant = (user: TestUser, method: string, path: string, body?: unknown) =>
    api.http(method, `/api/v1/stores/${store.id}${path}`, { token: user.token, body });
  const markPaid = (orderId: string) =>
    api.app
      .get(TenantTx)
      .run(RequestContext.system('test-paid', store.id as StoreId), (ctx) =>
        api.app.get(OrderTransitions).apply(ctx, orderId, 'paid'),
      );
  /** A placed order of these products; paid unless told otherwise. */
  const bought = async (names: string[], paid = true) => {
    const res = await placeOrder(
      api,
      store.slug,
      names.map((n) => ({ variantId: products[n].variantId, quantity: 1 })),
    );
    if (res.status !== 201) throw new Error(`order: ${res.status} ${res.text}`);
    if (paid) await markPaid(res.body.id);
    return { orderId: res.body.id as string, orderToken: res.body.orderToken as string };
  };
  const review = (product: string, order: { orderId: string; orderToken: string }, extra = {}) =>
    sf('POST', `/products/${products[product].slug}/reviews`, {
      ...order,
      rating: 4,
      title: 'Good',
      body: 'Does what it says.',
      authorName: 'Ada',
      ...extra,
    });
  const rating = async (product: string) =>
    (await sf('GET', `/products/${products[product].slug}`)).body.rating;

  beforeAll(async () => {
    api = await startTestApi({ env: { AUTH_RATE_LIMIT: '100000', STOREFRONT_CACHE: 'on' } });
    ({ store, users } = await storeWithStaff(api));
    for (const name of ['Lamp', 'Mug', 'Rug']) {
      const res = await merchant(users.StoreAdmin, 'POST', '/products', {
        title: name,
        status: 'active',
        variants: [{ sku: unique('SKU'), price: 1000, stock: 100 }],
      });
      products[name] = { id: res.body.id, slug: res.body.slug, variantId: res.body.variants[0].id };
    }
  });
  afterAll(() => api.close());

  it('takes a review from a paid order that holds the product, once', async () => {
    const order = await bought(['Lamp']);
    const res = await review('Lamp', order);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.any(String), status: 'pending' });
    expect((await review('Lamp', order)).status).toBe(409);
  });

  it('refuses a wrong order or token (404), an unpaid order or another product (403)', async () => {
    const order = await bought(['Lamp']);
    expect((await review('Lamp', { ...order, orderToken: 'not-the-token' })).status).toBe(404);
    expect(
      (await review('Lamp', { ...order, orderId: '00000000-0000-4000-8000-000000000000' })).status,
    ).toBe(404);
    expect((await review('Mug', order)).status).toBe(403);
    expect((await review('Lamp', await bought(['Lamp'], false))).status).toBe(403);
    const unknown = await sf('POST', '/products/no-such-product/reviews', {
      ...order,
      rating: 4,
      body: 'x',
      authorName: 'A',
    });
    expect(unknown.status).toBe(404);
    const bad = await review('Lamp', order, { rating: 6, body: '', authorName: 'x'.repeat(81) });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'authorName',
      'body',
      'rating',
    ]);
  });

  it('shows published reviews only, and the rating follows moderation on the next read', async () => {
    expect(await rating('Rug')).toEqual({ average: null, count: 0 });
    const first = (await review('Rug', await bought(['Rug']), { rating: 4 })).body;
    const second = (await review('Rug', await bought(['Rug']), { rating: 5 })).body;
    const third = (await review('Rug', await bought(['Rug', 'Mug']), { rating: 2 })).body;
    expect((await sf('GET', `/products/${products.Rug.slug}/reviews`)).body.total).toBe(0);

    const pending = await merchant(
      users.Viewer,
      'GET',
      `/reviews?status=pending&productId=${products.Rug.id}`,
    );
    expect(pending.body.total).toBe(3);
    expect(pending.body.items[0]).toMatchObject({
      status: 'pending',
      productId: products.Rug.id,
      orderId: expect.any(String),
      verifiedPurchase: true,
    });

    expect(
      (await merchant(users.Staff, 'PATCH', `/reviews/${first.id}`, { status: 'published' }))
        .status,
    ).toBe(403);
    for (const r of [first, second, third]) {
      const res = await merchant(users.Manager, 'PATCH', `/reviews/${r.id}`, {
        status: 'published',
      });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('published');
    }
    // (4 + 5 + 2) / 3 = 3.67, one decimal
    expect(await rating('Rug')).toEqual({ average: 3.7, count: 3 });
    await merchant(users.Manager, 'PATCH', `/reviews/${third.id}`, { status: 'rejected' });
    expect(await rating('Rug')).toEqual({ average: 4.5, count: 2 });

    const list = await sf('GET', `/products/${products.Rug.slug}/reviews?ordering=rating`);
    expect(list.body.items.map((r: { rating: number }) => r.rating)).toEqual([4, 5]);
    expect(list.body.items[0]).toEqual({
      id: first.id,
      rating: 4,
      title: 'Good',
      body: 'Does what it says.',
      authorName: 'Ada',
      verifiedPurchase: true,
      createdAt: expect.any(String),
    });
    const listed = (await sf('GET', `/products?ordering=-rating`)).body.items;
    expect(listed[0]).toMatchObject({
      slug: products.Rug.slug,
      rating: { average: 4.5, count: 2 },
    });
  });

  it('sorts the storefront by rating, products without reviews last either way', async () => {
    const lamp = await bought(['Lamp']);
    const id = (await review('Lamp', lamp, { rating: 1 })).body.id;
    await merchant(users.Manager, 'PATCH', `/reviews/${id}`, { status: 'published' });
    const slugs = async (ordering: string) =>
      (
        (await sf('GET', `/products?ordering=${ordering}`)).body.items as Array<{ slug: string }>
      ).map((p) => p.slug);
    const up = await slugs('rating');
    const down = await slugs('-rating');
    expect(up.indexOf(products.Lamp.slug)).toBeLessThan(up.indexOf(products.Rug.slug));
    expect(down.indexOf(products.Rug.slug)).toBeLessThan(down.indexOf(products.Lamp.slug));
    expect(up[up.length - 1]).toBe(products.Mug.slug);
    expect(down[down.length - 1]).toBe(products.Mug.slug);
  });
});
