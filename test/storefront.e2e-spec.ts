import { createStore, registerUser, TestUser, unique } from './support/fixtures';
import { startTestApi, TestApi } from './support/test-api';

describe('storefront (HTTP)', () => {
  let api: TestApi;
  let admin: TestUser;
  let store: { id: string; slug: string };
  const ids: Record<string, string> = {};

  const admin$ = (method: string, path: string, body?: unknown) =>
    api.http(method, `/api/v1/stores/${store.id}${path}`, { token: admin.token, body });
  const sf = (path: string, headers?: Record<string, string>) =>
    api.http('GET', `/api/v1/catalog/${store.slug}${path}`, { headers });
  const titles = (res: { body: { items: Array<{ title: string }> } }) =>
    res.body.items.map((p) => p.title);

  beforeAll(async () => {
    api = await startTestApi({ env: { AUTH_RATE_LIMIT: '100000' } });
    admin = await registerUser(api);
    store = await createStore(api, admin, 'EUR');
    const shoes = (await admin$('POST', '/categories', { name: 'Shoes' })).body;
    const boots = (await admin$('POST', '/categories', { name: 'Boots', parentId: shoes.id })).body;
    const hats = (await admin$('POST', '/categories', { name: 'Hats' })).body;
    const make = async (
      title: string,
      description: string,
      categoryIds: string[],
      variants: Array<[number, number]>,
      status = 'active',
    ) => {
      const res = await admin$('POST', '/products', {
        title,
        description,
        status,
        categoryIds,
        variants: variants.map(([price, stock], i) => ({
          sku: `${unique('sku')}-${i}`,
          title: `V${i}`,
          price,
          stock,
        })),
      });
      ids[title] = res.body.id;
      return res.body;
    };
    await make(
      'Leather Boot',
      'Sturdy winter boot for hiking',
      [boots.id],
      [
        [15000, 2],
        [16000, 0],
      ],
    );
    await make('Canvas Sneaker', 'Light summer shoe', [shoes.id], [[6000, 0]]);
    await make(
      'Wool Beanie',
      'Warm hat for winter',
      [hats.id],
      [
        [2000, 10],
        [2500, 1],
      ],
    );
    await make('Straw Hat', 'Summer sun hat, wide brim', [hats.id], [[3500, 4]]);
    await make('Secret Draft', 'Not yet for sale', [shoes.id], [[100, 1]], 'draft');
  });
  afterAll(() => api.close());

  it('lists active products only, newest first, with the contract shape', async () => {
    const res = await sf('/products');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 4, page: 1, limit: 20 });
    expect(titles(res)).toEqual(['Straw Hat', 'Wool Beanie', 'Canvas Sneaker', 'Leather Boot']);
    const boot = res.body.items.find((p: { title: string }) => p.title === 'Leather Boot');
    expect(boot).toEqual({
      id: ids['Leather Boot'],
      slug: 'leather-boot',
      title: 'Leather Boot',
      description: 'Sturdy winter boot for hiking',
      images: [],
      priceMin: 15000,
      priceMax: 16000,
      currency: 'EUR',
      inStock: true,
      categories: ['boots'],
      variants: [
        {
          id: expect.any(String),
          sku: expect.any(String),
          title: 'V0',
          price: 15000,
          inStock: true,
          options: {},
        },
        {
          id: expect.any(String),
          sku: expect.any(String),
          title: 'V1',
          price: 16000,
          inStock: false,
          options: {},
        },
      ],
      rating: { average: null, count: 0 },
    });
    expect(JSON.stringify(res.body)).not.toContain('"stock"');
  });

  it('searches title and description: words, prefixes and typos', async () => {
    expect(titles(await sf('/products?q=winter'))).toEqual(['Wool Beanie', 'Leather Boot']);
    expect(titles(await sf('/products?q=sneak'))).toEqual(['Canvas Sneaker']);
    expect(titles(await sf('/products?q=sumer%20hat'))).toContain('Straw Hat');
    expect(titles(await sf('/products?q=beenie'))).toEqual(['Wool Beanie']);
    expect(titles(await sf('/products?q=secret'))).toEqual([]);
  });

  it('filters by category including its descendants', async () => {
    expect(titles(await sf('/products?category=shoes'))).toEqual([
      'Canvas Sneaker',
      'Leather Boot',
    ]);
    expect(titles(await sf('/products?category=boots'))).toEqual(['Leather Boot']);
    expect((await sf('/products?category=nothing-here')).body.total).toBe(0);
  });

  it('filters on variant prices, inclusive, and on stock', async () => {
    expect(titles(await sf('/products?price_min=2500&price_max=3500'))).toEqual([
      'Straw Hat',
      'Wool Beanie',
    ]);
    expect(titles(await sf('/products?price_min=16000'))).toEqual(['Leather Boot']);
    expect(titles(await sf('/products?price_max=1999'))).toEqual([]);
    expect(titles(await sf('/products?in_stock=false'))).toEqual(['Canvas Sneaker']);
    expect((await sf('/products?in_stock=true')).body.total).toBe(3);
  });

  it('orders by price, creation and title, and pages with the total', async () => {
    expect(titles(await sf('/products?ordering=price'))).toEqual([
      'Wool Beanie',
      'Straw Hat',
      'Canvas Sneaker',
      'Leather Boot',
    ]);
    expect(titles(await sf('/products?ordering=-price'))).toEqual([
      'Leather Boot',
      'Canvas Sneaker',
      'Straw Hat',
      'Wool Beanie',
    ]);
    expect(titles(await sf('/products?ordering=created'))).toEqual([
      'Leather Boot',
      'Canvas Sneaker',
      'Wool Beanie',
      'Straw Hat',
    ]);
    expect(titles(await sf('/products?ordering=title'))).toEqual([
      'Canvas Sneaker',
      'Leather Boot',
      'Straw Hat',
      'Wool Beanie',
    ]);
    expect(titles(await sf('/products?ordering=-title'))).toEqual([
      'Wool Beanie',
      'Straw Hat',
      'Leather Boot',
      'Canvas Sneaker',
    ]);
    const page = await sf('/products?ordering=title&limit=3&page=2');
    expect(page.body).toMatchObject({ total: 4, page: 2, limit: 3 });
    expect(titles(page)).toEqual(['Wool Beanie']);
    const beyond = await sf('/products?limit=3&page=5');
    expect(beyond.body).toMatchObject({ total: 4, items: [] });
  });

  it.each([
    'ordering=cheap',
    'in_stock=maybe',
    'price_min=-1',
    'limit=0',
    'limit=101',
    'page=0',
    'colour=red',
  ])('refuses %s → 400', async (q) => {
    const res = await sf(`/products?${q}`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it('shows one active product; draft, archived or unknown → 404', async () => {
    const res = await sf('/products/wool-beanie');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      title: 'Wool Beanie',
      priceMin: 2000,
      priceMax: 2500,
      categories: ['hats'],
    });
    expect((await sf('/products/secret-draft')).status).toBe(404);
    expect((await sf('/products/no-such-thing')).status).toBe(404);
  });

  it('serves the whole category tree', async () => {
    const res = await sf('/categories');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      items: [
        { id: expect.any(String), name: 'Hats', slug: 'hats', children: [] },
        {
          id: expect.any(String),
          name: 'Shoes',
          slug: 'shoes',
          children: [{ id: expect.any(String), name: 'Boots', slug: 'boots', children: [] }],
        },
      ],
    });
  });

  it('answers 404 for an unknown store slug', async () => {
    expect((await api.http('GET', `/api/v1/catalog/${unique('nostore')}/products`)).status).toBe(
      404,
    );
    expect((await api.http('GET', `/api/v1/catalog/${unique('nostore')}/categories`)).status).toBe(
      404,
    );
  });

  it('sends an ETag, answers 304 to If-None-Match, and CDN-friendly Cache-Control', async () => {
    const first = await sf('/products?ordering=title');
    const etag = first.headers.get('etag') as string;
    expect(etag).toMatch(/^W\/".+"$/);
    expect(first.headers.get('cache-control')).toMatch(/s-maxage=\d+.*stale-while-revalidate=\d+/);
    const again = await sf('/products?ordering=title', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
  });

  it('answers a cached read with the same headers as a computed one, CORS included', async () => {
    const path = '/products?limit=3&ordering=-price';
    const origin = { origin: 'https://shop.example' };
    const computed = await sf(path, origin);
    // Changed behind the api's back (no catalog write, no version bump): only a hit hides it.
    await api.db.sql(`update product set title = 'Changed Behind' where id = $1`, [
      ids['Leather Boot'],
    ]);
    const cached = await sf('/products?ordering=-price&limit=3', origin);
    await api.db.sql(`update product set title = 'Leather Boot' where id = $1`, [
      ids['Leather Boot'],
    ]);
    expect(titles(cached)).toEqual(titles(computed));
    expect(titles(cached)).toContain('Leather Boot');
    const perRequest = new Set(['date', 'x-request-id', 'connection', 'keep-alive']);
    const shown = (res: typeof cached) =>
      Object.fromEntries([...res.headers.entries()].filter(([name]) => !perRequest.has(name)));
    expect(shown(cached)).toEqual(shown(computed));
    expect(cached.headers.get('x-request-id')).toBeTruthy();
    expect(cached.headers.get('x-content-type-options')).toBe('nosniff');
    expect(cached.headers.get('content-security-policy')).toContain(`default-src 'self'`);
    expect(cached.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(cached.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  it('shows a catalog write on the very next read', async () => {
    const before = await sf('/products/straw-hat');
    expect(before.body.title).toBe('Straw Hat');
    await sf('/products');
    await admin$('PATCH', `/products/${ids['Straw Hat']}`, { title: 'Straw Hat Deluxe' });
    const after = await sf('/products/straw-hat');
    expect(after.body.title).toBe('Straw Hat Deluxe');
    expect(after.headers.get('etag')).not.toBe(before.headers.get('etag'));
    expect(titles(await sf('/products'))).toContain('Straw Hat Deluxe');

    const variant = (await admin$('GET', `/products/${ids['Canvas Sneaker']}`)).body.variants[0];
    await admin$('PATCH', `/products/${ids['Canvas Sneaker']}/variants/${variant.id}`, {
      stock: 7,
    });
    expect(titles(await sf('/products?in_stock=false'))).toEqual([]);

    await admin$('DELETE', `/products/${ids['Straw Hat']}`);
    expect((await sf('/products/straw-hat')).status).toBe(404);
    expect(titles(await sf('/products'))).not.toContain('Straw Hat Deluxe');
    await admin$('PATCH', `/products/${ids['Straw Hat']}`, {
      status: 'active',
      title: 'Straw Hat',
    });
    await admin$('PATCH', `/products/${ids['Canvas Sneaker']}/variants/${variant.id}`, {
      stock: 0,
    });
  });

  it('keeps each store to its own catalog', async () => {
    const other = await registerUser(api);
    const otherStore = await createStore(api, other);
    await api.http('POST', `/api/v1/stores/${otherStore.id}/products`, {
      token: other.token,
      body: {
        title: 'Other Store Hat',
        status: 'active',
        variants: [{ sku: unique('o'), price: 1, stock: 1 }],
      },
    });
    expect(titles(await sf('/products?q=hat'))).not.toContain('Other Store Hat');
    expect((await sf('/products/other-store-hat')).status).toBe(404);
  });
});

describe('storefront with STOREFRONT_CACHE=off', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ env: { AUTH_RATE_LIMIT: '100000', STOREFRONT_CACHE: 'off' } });
  });
  afterAll(() => api.close());

  it('reads PostgreSQL every time and still answers the same', async () => {
    const admin = await registerUser(api);
    const store = await createStore(api, admin);
    await api.http('POST', `/api/v1/stores/${store.id}/products`, {
      token: admin.token,
      body: {
        title: 'Uncached',
        status: 'active',
        variants: [{ sku: 'U-1', price: 10, stock: 1 }],
      },
    });
    const res = await api.http('GET', `/api/v1/catalog/${store.slug}/products`);
    expect(res.body.items.map((p: { title: string }) => p.title)).toEqual(['Uncached']);
    expect(res.headers.get('etag')).toBeTruthy();
  });
});

describe('storefront cache across two api replicas', () => {
  let first: TestApi;
  let second: TestApi;
  beforeAll(async () => {
    const env = { AUTH_RATE_LIMIT: '100000' };
    first = await startTestApi({ env, redis: true });
    second = await startTestApi({ env, redis: true, replicaOf: first });
  });
  afterAll(async () => {
    await second.close();
    await first.close();
  });

  it("shows a write made through one replica on the other's reads", async () => {
    const admin = await registerUser(first);
    const store = await createStore(first, admin);
    const product = await first.http('POST', `/api/v1/stores/${store.id}/products`, {
      token: admin.token,
      body: {
        title: 'Replica Lamp',
        status: 'active',
        variants: [{ sku: 'RL-1', price: 10, stock: 1 }],
      },
    });
    expect(product.status).toBe(201);
    const read = async () =>
      (await second.http('GET', `/api/v1/catalog/${store.slug}/products/replica-lamp`)).body
        .title as string;
    expect(await read()).toBe('Replica Lamp');
    expect(await read()).toBe('Replica Lamp'); // now in the second replica's memory
    await first.http('PATCH', `/api/v1/stores/${store.id}/products/${product.body.id}`, {
      token: admin.token,
      body: { title: 'Replica Lamp Mk II' },
    });
    // The other replica learns the new version from PostgreSQL's NOTIFY, sent at commit.
    const deadline = Date.now() + 2000;
    let title = await read();
    while (title !== 'Replica Lamp Mk II' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
      title = await read();
    }
    expect(title).toBe('Replica Lamp Mk II');
  });
});
