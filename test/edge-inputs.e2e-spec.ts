import { createStore, placeOrder, productWithVariants, registerUser } from './support/fixtures';
import { startTestApi, TestApi } from './support/test-api';

// Odd but well-formed input: a 4xx or a normal answer, never a 5xx.
describe('edge inputs never give a 5xx', () => {
  let api: TestApi;
  let store: { id: string; slug: string };
  let token: string;
  beforeAll(async () => {
    api = await startTestApi({ env: { AUTH_RATE_LIMIT: '100000' } });
    const admin = await registerUser(api);
    token = admin.token;
    store = await createStore(api, admin);
    await productWithVariants(api, store.id, admin, [[1_000_000_000, 5]], 'Very Dear');
  });
  afterAll(() => api.close());

  it.each([
    '/products?page=1e20',
    '/products?page=99999999999',
    '/products?q=%27%3B%20drop%20table%20product%3B--',
    '/products?q=%E2%9C%93%F0%9F%91%9F',
    '/products?q=a:*%20%26%20!b',
    '/products?category=%00',
    '/products?price_min=5&price_max=1',
    '/products?limit=100&page=1000000',
    '/products/%E2%9C%93',
    '/categories?x=1',
  ])('storefront GET %s', async (path) => {
    const res = await api.http('GET', `/api/v1/catalog/${store.slug}${path}`);
    expect(res.status).toBeLessThan(500);
  });

  it.each([
    '/products?page=1e20',
    '/products?q=%00',
    '/orders?q=99999999999999999999',
    '/orders?q=%25',
  ])('store side GET %s', async (path) => {
    const res = await api.http('GET', `/api/v1/stores/${store.id}${path}`, { token });
    expect(res.status).toBeLessThan(500);
  });

  it('an order whose total overflows the money columns is refused, not a 5xx', async () => {
    const variant = (await api.http('GET', `/api/v1/stores/${store.id}/products?q=dear`, { token }))
      .body.items[0].variants[0];
    const res = await placeOrder(api, store.slug, [{ variantId: variant.id, quantity: 5 }]);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });
});
