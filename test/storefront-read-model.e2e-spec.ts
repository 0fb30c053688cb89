import { StorefrontReadModel } from '../libs/catalog/src/infrastructure/storefront-read-model';
import { createStore, placeOrder, registerUser, TestUser, unique } from './support/fixtures';
import { startTestApi, TestApi } from './support/test-api';

/**
 * The storefront read model follows every kind of catalog write in the writing transaction:
 * each test writes through the merchant API and reads the storefront at once (the cache is on,
 * so a stale row or a missed version bump would show), then checks every stored document
 * against one computed afresh from the catalog tables.
 */
describe('storefront read model (HTTP)', () => {
  let api: TestApi;
  let admin: TestUser;
  let store: { id: string; slug: string };
  const admin$ = async (method: string, path: string, body?: unknown) => {
    const res = await api.http(method, `/api/v1/stores/${store.id}${path}`, {
      token: admin.token,
      body,
    });
    if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${res.text}`);
    return res.body;
  };
  const sf = (path: string) => api.http('GET', `/api/v1/catalog/${store.slug}${path}`);
  const slugsIn = async (category: string) =>
    (
      (await sf(`/products?category=${category}&ordering=title`)).body.items as Array<{
        slug: string;
      }>
    ).map((p) => p.slug);
  const category = (name: string, parentId?: string) =>
    admin$('POST', '/categories', { name, parentId });
  const product = (title: string, categoryIds: string[], stock = 5, price = 1000) =>
    admin$('POST', '/products', {
      title,
      status: 'active',
      categoryIds,
      variants: [{ sku: unique('SKU'), title: 'One', price, stock }],
    });

  /** Rows for exactly the active products, each document equal to one built now. */
  async function expectConsistent(): Promise<void> {
    const drift = await api.db.sql(
      `select p.id, p.status, s.product_id is not null as stored
         from product p
         join store st on st.id = p.store_id
         left join storefront_product s on s.product_id = p.id
        where (p.status = 'active') <> (s.product_id is not null)
           or (s.product_id is not null
               and (s.document <> storefront_document(p, st.currency) or s.slug <> p.slug
                    or s.price_min is distinct from p.price_min or s.in_stock <> p.in_stock))`,
    );
    expect(drift).toEqual([]);
  }

  beforeAll(async () => {
    api = await startTestApi({ env: { AUTH_RATE_LIMIT: '100000', STOREFRONT_CACHE: 'on' } });
    admin = await registerUser(api);
    store = await createStore(api, admin, 'EUR');
  });
  afterAll(() => api.close());
  afterEach(() => expectConsistent());

  it('files a product under its category and every ancestor, and follows a move of the subtree', async () => {
    const home = await category('Home');
    const kitchen = await category('Kitchen', home.id);
    const pans = await category('Pans', kitchen.id);
    const garden = await category('Garden');
    await product('Iron Pan', [pans.id]);
    await product('Kettle', [kitchen.id]);
    expect(await slugsIn('home')).toEqual(['iron-pan', 'kettle']);
    expect(await slugsIn('pans')).toEqual(['iron-pan']);

    // Kitchen (with Pans below it) moves from Home to Garden.
    await admin$('PATCH', `/categories/${kitchen.id}`, { parentId: garden.id });
    expect(await slugsIn('home')).toEqual([]);
    expect(await slugsIn('garden')).toEqual(['iron-pan', 'kettle']);

    // A renamed slug shows in the product's categories and answers the filter.
    await admin$('PATCH', `/categories/${pans.id}`, { slug: 'frying-pans' });
    const pan = (await sf('/products/iron-pan')).body;
    expect(pan.categories).toEqual(['frying-pans']);
    expect(await slugsIn('frying-pans')).toEqual(['iron-pan']);
    expect(await slugsIn('pans')).toEqual([]);

    // Deleting Kitchen lifts Pans to the top: the pan leaves Garden, the kettle loses Kitchen.
    await api.http('DELETE', `/api/v1/stores/${store.id}/categories/${kitchen.id}`, {
      token: admin.token,
    });
    expect(await slugsIn('garden')).toEqual([]);
    expect(await slugsIn('frying-pans')).toEqual(['iron-pan']);
    expect((await sf('/products/kettle')).body.categories).toEqual([]);
  });

  it('follows product, variant and status writes on the next read', async () => {
    const made = await product('Desk Lamp', []);
    expect((await sf('/products/desk-lamp')).body.priceMin).toBe(1000);
    await admin$('PATCH', `/products/${made.id}`, { title: 'Brass Desk Lamp', slug: 'brass-lamp' });
    expect((await sf('/products/desk-lamp')).status).toBe(404);
    expect((await sf('/products/brass-lamp')).body.title).toBe('Brass Desk Lamp');
    expect((await sf('/products?q=brass')).body.items.map((p: { slug: string }) => p.slug)).toEqual(
      ['brass-lamp'],
    );

    await admin$('POST', `/products/${made.id}/variants`, {
      sku: unique('SKU'),
      price: 400,
      stock: 0,
    });
    const lamp = (await sf('/products/brass-lamp')).body;
    expect([lamp.priceMin, lamp.priceMax, lamp.variants.length]).toEqual([400, 1000, 2]);
    expect((await sf('/products?price_min=300&price_max=500')).body.items).toHaveLength(1);

    await admin$('PATCH', `/products/${made.id}`, { status: 'draft' });
    expect((await sf('/products/brass-lamp')).status).toBe(404);
    expect((await sf('/products?q=brass')).body.total).toBe(0);
    await admin$('PATCH', `/products/${made.id}`, { status: 'active' });
    expect((await sf('/products/brass-lamp')).status).toBe(200);
    await api.http('DELETE', `/api/v1/stores/${store.id}/products/${made.id}`, {
      token: admin.token,
    });
    expect((await sf('/products/brass-lamp')).status).toBe(404);
  });

  it('flips in-stock when an order takes the last unit and a cancel gives it back', async () => {
    const made = await product('Last Mug', [], 1);
    const variantId = made.variants[0].id;
    const order = await placeOrder(api, store.slug, [{ variantId, quantity: 1 }]);
    expect(order.status).toBe(201);
    const sold = (await sf('/products/last-mug')).body;
    expect([sold.inStock, sold.variants[0].inStock]).toEqual([false, false]);
    expect(
      (await sf('/products?in_stock=false')).body.items.map((p: { slug: string }) => p.slug),
    ).toContain('last-mug');

    await admin$('POST', `/orders/${order.body.id}/cancel`);
    const back = (await sf('/products/last-mug')).body;
    expect([back.inStock, back.variants[0].inStock]).toEqual([true, true]);
  });

  it('answers documents written compactly, in the contract order, options escaped', async () => {
    const tag = unique('compact').replace('-', '');
    const options = { colour: 'Red "Ruby"', size: 'M, tall', 'é ü': 'line\nbreak \\ slash' };
    await admin$('POST', '/products', {
      title: `${tag} Lamp`,
      description: 'Says "hi" : {not json}',
      status: 'active',
      categoryIds: [],
      variants: [{ sku: unique('SKU'), title: 'One', price: 1500, stock: 2, options }],
    });
    for (const path of [`/products/${tag}-lamp`, `/products?q=${tag}`, '/products']) {
      const res = await sf(path);
      expect(res.status).toBe(200);
      // Byte for byte what JSON.stringify writes: no spaces around colons or after commas.
      expect(res.text).toBe(JSON.stringify(JSON.parse(res.text)));
    }
    const lamp = (await sf(`/products/${tag}-lamp`)).body;
    expect(Object.keys(lamp)).toEqual([
      'id',
      'slug',
      'title',
      'description',
      'images',
      'priceMin',
      'priceMax',
      'currency',
      'inStock',
      'categories',
      'variants',
      'rating',
    ]);
    expect(Object.keys(lamp.variants[0])).toEqual([
      'id',
      'sku',
      'title',
      'price',
      'inStock',
      'options',
    ]);
    expect(lamp.variants[0].options).toEqual(options);
    expect(lamp).toMatchObject({
      description: 'Says "hi" : {not json}',
      rating: { average: null, count: 0 },
      images: [],
      categories: [],
    });
  });

  it('counts the total without a full page, past the last page, and on a full one', async () => {
    const tag = unique('bulk').replace('-', '');
    for (let i = 0; i < 5; i++) await product(`${tag} item ${i}`, []);
    const page = (q: string) => sf(`/products?q=${tag}&${q}`).then((r) => r.body);
    expect(await page('limit=2')).toMatchObject({ total: 5, page: 1, limit: 2 });
    expect((await page('limit=2&page=3')).items).toHaveLength(1);
    expect(await page('limit=2&page=3')).toMatchObject({ total: 5 });
    expect(await page('limit=2&page=9')).toMatchObject({ items: [], total: 5 });
    expect(await page('limit=10')).toMatchObject({ total: 5 });
  });

  it('runs ANALYZE once a burst of writes is over', async () => {
    const model = api.app.get(StorefrontReadModel);
    const [before, after] = [StorefrontReadModel.analyzeAfterRows, StorefrontReadModel.quietMs];
    StorefrontReadModel.analyzeAfterRows = 3;
    StorefrontReadModel.quietMs = 50;
    try {
      const analyzed = async () =>
        (
          await api.db.sql<{ n: string }>(
            `select analyze_count + autoanalyze_count as n from pg_stat_user_tables where relname = 'storefront_product'`,
          )
        )[0].n;
      const start = Number(await analyzed());
      for (let i = 0; i < 3; i++) await product(unique('Burst'), []);
      await new Promise((r) => setTimeout(r, 200));
      await model.settled();
      // The statistics collector reports with a short delay.
      for (let i = 0; i < 50 && Number(await analyzed()) === start; i++) {
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(Number(await analyzed())).toBeGreaterThan(start);
    } finally {
      StorefrontReadModel.analyzeAfterRows = before;
      StorefrontReadModel.quietMs = after;
    }
  });
});
