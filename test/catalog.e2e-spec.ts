import { randomUUID } from 'node:crypto';
import { createStore, registerUser, storeWithStaff, TestUser } from './support/fixtures';
import { GIF_1X1, multipart, PNG_1X1, SVG } from './support/images';
import { startTestApi, TestApi } from './support/test-api';

describe('catalog, store side (HTTP)', () => {
  let api: TestApi;
  let admin: TestUser;
  let store: { id: string; slug: string };
  let base: string;

  beforeAll(async () => {
    api = await startTestApi({
      env: { AUTH_RATE_LIMIT: '100000', PUBLIC_URL: 'https://api.shop.example' },
    });
    admin = await registerUser(api);
    store = await createStore(api, admin);
    base = `/api/v1/stores/${store.id}`;
  });
  afterAll(() => api.close());

  const as = (method: string, path: string, body?: unknown, token = admin.token) =>
    api.http(method, `${base}${path}`, { token, body });

  describe('categories', () => {
    it('creates with a derived slug, suffixing collisions, and lists them', async () => {
      const a = await as('POST', '/categories', { name: 'Summer Shoes' });
      expect(a.status).toBe(201);
      expect(a.body).toEqual({
        id: expect.any(String),
        name: 'Summer Shoes',
        slug: 'summer-shoes',
        parentId: null,
        position: 0,
      });
      const b = await as('POST', '/categories', { name: 'Summer shoes!' });
      expect(b.body.slug).toBe('summer-shoes-2');
      const list = await as('GET', '/categories?limit=100');
      expect(list.status).toBe(200);
      expect(list.body.items.map((c: { slug: string }) => c.slug)).toEqual(
        expect.arrayContaining(['summer-shoes', 'summer-shoes-2']),
      );
      expect(list.body).toMatchObject({ page: 1, limit: 100, total: list.body.items.length });
    });

    it('refuses an explicit slug that is taken → 409', async () => {
      await as('POST', '/categories', { name: 'Hats', slug: 'hats' });
      expect((await as('POST', '/categories', { name: 'Other hats', slug: 'hats' })).status).toBe(
        409,
      );
    });

    it('moves a category, refusing a cycle → 400, and deletes', async () => {
      const root = (await as('POST', '/categories', { name: 'Root' })).body;
      const child = (await as('POST', '/categories', { name: 'Child', parentId: root.id })).body;
      const grandchild = (
        await as('POST', '/categories', { name: 'Grandchild', parentId: child.id })
      ).body;
      const cycle = await as('PATCH', `/categories/${root.id}`, { parentId: grandchild.id });
      expect(cycle.status).toBe(400);
      expect(cycle.body.errors[0].field).toBe('parentId');
      expect((await as('PATCH', `/categories/${root.id}`, { parentId: root.id })).status).toBe(400);
      const moved = await as('PATCH', `/categories/${grandchild.id}`, {
        parentId: root.id,
        position: 3,
        name: 'Moved',
      });
      expect(moved.status).toBe(200);
      expect(moved.body).toMatchObject({ parentId: root.id, position: 3, name: 'Moved' });
      expect((await as('DELETE', `/categories/${child.id}`)).status).toBe(204);
      expect((await as('PATCH', `/categories/${child.id}`, { name: 'gone' })).status).toBe(404);
    });
  });

  describe('products and variants', () => {
    it('creates a product with variants and categories, deriving its slug', async () => {
      const category = (await as('POST', '/categories', { name: 'Boots' })).body;
      const res = await as('POST', '/products', {
        title: 'Trail Boot',
        description: 'Waterproof leather boot',
        status: 'active',
        categoryIds: [category.id],
        variants: [
          {
            sku: 'TB-41',
            title: '41',
            price: 12900,
            compareAtPrice: 15900,
            stock: 3,
            options: { Size: '41' },
          },
          {
            sku: 'TB-42',
            title: '42',
            price: 12900,
            stock: 0,
            lowStockThreshold: 2,
            options: { Size: '42' },
          },
        ],
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        slug: 'trail-boot',
        title: 'Trail Boot',
        status: 'active',
        categoryIds: [category.id],
        images: [],
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      expect(res.body.variants).toEqual([
        {
          id: expect.any(String),
          sku: 'TB-41',
          title: '41',
          price: 12900,
          compareAtPrice: 15900,
          stock: 3,
          lowStockThreshold: 5,
          options: { Size: '41' },
        },
        {
          id: expect.any(String),
          sku: 'TB-42',
          title: '42',
          price: 12900,
          compareAtPrice: null,
          stock: 0,
          lowStockThreshold: 2,
          options: { Size: '42' },
        },
      ]);
      const again = await as('POST', '/products', { title: 'Trail Boot', status: 'draft' });
      expect(again.body.slug).toBe('trail-boot-2');
    });

    it('refuses client mistakes → 400 naming the field', async () => {
      const cases: Array<[unknown, string]> = [
        [{ title: 'X', status: 'published' }, 'status'],
        [
          { title: 'X', status: 'draft', variants: [{ sku: 'N1', price: -1, stock: 1 }] },
          'variants.0.price',
        ],
        [
          { title: 'X', status: 'draft', variants: [{ sku: 'N2', price: 1.5, stock: 1 }] },
          'variants.0.price',
        ],
        [
          { title: 'X', status: 'draft', variants: [{ sku: 'N3', price: 1, stock: -2 }] },
          'variants.0.stock',
        ],
        [{ title: 'X', status: 'draft', categoryIds: [randomUUID()] }, 'categoryIds.0'],
        [{ title: 'X', status: 'draft', storeId: randomUUID() }, 'storeId'],
      ];
      for (const [body, field] of cases) {
        const res = await as('POST', '/products', body);
        expect(res.status).toBe(400);
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      }
    });

    it('keeps SKUs unique within a store (409) but not across stores', async () => {
      const product = (await as('POST', '/products', { title: 'Sku holder', status: 'draft' }))
        .body;
      expect(
        (
          await as('POST', `/products/${product.id}/variants`, {
            sku: 'UNIQ-1',
            price: 100,
            stock: 1,
          })
        ).status,
      ).toBe(201);
      const dup = await as('POST', `/products/${product.id}/variants`, {
        sku: 'UNIQ-1',
        price: 100,
        stock: 1,
      });
      expect(dup.status).toBe(409);
      expect(dup.body.errors[0].field).toBe('sku');
      const inline = await as('POST', '/products', {
        title: 'Dup inline',
        status: 'draft',
        variants: [{ sku: 'UNIQ-1', price: 1, stock: 1 }],
      });
      expect(inline.status).toBe(409);
      expect(inline.body.errors[0].field).toBe('variants.0.sku');

      const other = await registerUser(api);
      const otherStore = await createStore(api, other);
      const elsewhere = await api.http('POST', `/api/v1/stores/${otherStore.id}/products`, {
        token: other.token,
        body: {
          title: 'Same sku elsewhere',
          status: 'draft',
          variants: [{ sku: 'UNIQ-1', price: 1, stock: 1 }],
        },
      });
      expect(elsewhere.status).toBe(201);
    });

    it('patches and deletes variants', async () => {
      const product = (
        await as('POST', '/products', {
          title: 'Variant host',
          status: 'draft',
          variants: [{ sku: 'VH-1', price: 500, stock: 5 }],
        })
      ).body;
      const variantId = product.variants[0].id;
      const patched = await as('PATCH', `/products/${product.id}/variants/${variantId}`, {
        price: 450,
        stock: 9,
        options: { Color: 'Red' },
      });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({
        sku: 'VH-1',
        price: 450,
        stock: 9,
        options: { Color: 'Red' },
      });
      expect(
        (await as('PATCH', `/products/${product.id}/variants/${variantId}`, { stock: -1 })).status,
      ).toBe(400);
      expect((await as('DELETE', `/products/${product.id}/variants/${variantId}`)).status).toBe(
        204,
      );
      expect((await as('GET', `/products/${product.id}`)).body.variants).toEqual([]);
      expect((await as('DELETE', `/products/${product.id}/variants/${variantId}`)).status).toBe(
        404,
      );
    });

    it('updates a product and archives it on DELETE', async () => {
      const product = (await as('POST', '/products', { title: 'To archive', status: 'active' }))
        .body;
      const patched = await as('PATCH', `/products/${product.id}`, {
        title: 'Renamed',
        description: 'New words',
      });
      expect(patched.body).toMatchObject({
        title: 'Renamed',
        description: 'New words',
        slug: 'to-archive',
      });
      expect((await as('DELETE', `/products/${product.id}`)).status).toBe(204);
      const after = await as('GET', `/products/${product.id}`);
      expect(after.status).toBe(200);
      expect(after.body.status).toBe('archived');
    });

    it('lists with q (title or sku), categoryId, status, ordering and paging totals', async () => {
      const owner = await registerUser(api);
      const s = await createStore(api, owner);
      const call = (path: string, body?: unknown) =>
        api.http(body ? 'POST' : 'GET', `/api/v1/stores/${s.id}${path}`, {
          token: owner.token,
          body,
        });
      const cat = (await call('/categories', { name: 'Tops' })).body;
      for (const [i, title] of ['Alpha shirt', 'Beta shirt', 'Gamma hat'].entries()) {
        await call('/products', {
          title,
          status: i === 2 ? 'draft' : 'active',
          categoryIds: i < 2 ? [cat.id] : [],
          variants: [{ sku: `LIST-${i}`, price: 1000 * (3 - i), stock: 1 }],
        });
      }
      const shirts = await call('/products?q=shirt');
      expect(shirts.body.total).toBe(2);
      expect(
        (await call('/products?q=list-2')).body.items.map((p: { title: string }) => p.title),
      ).toEqual(['Gamma hat']);
      expect((await call(`/products?categoryId=${cat.id}`)).body.total).toBe(2);
      expect(
        (await call('/products?status=draft')).body.items.map((p: { title: string }) => p.title),
      ).toEqual(['Gamma hat']);
      expect(
        (await call('/products?ordering=title')).body.items.map((p: { title: string }) => p.title),
      ).toEqual(['Alpha shirt', 'Beta shirt', 'Gamma hat']);
      expect(
        (await call('/products?ordering=price')).body.items.map((p: { title: string }) => p.title),
      ).toEqual(['Gamma hat', 'Beta shirt', 'Alpha shirt']);
      const page2 = await call('/products?ordering=-title&limit=2&page=2');
      expect(page2.body).toMatchObject({ total: 3, page: 2, limit: 2 });
      expect(page2.body.items.map((p: { title: string }) => p.title)).toEqual(['Alpha shirt']);
      expect((await call('/products?ordering=cheapest')).status).toBe(400);
      expect((await call('/products?status=deleted')).status).toBe(400);
    });
  });

  describe('images', () => {
    let productId: string;
    beforeAll(async () => {
      productId = (await as('POST', '/products', { title: 'Pictured', status: 'active' })).body.id;
    });
    const upload = (form: ReturnType<typeof multipart>, token = admin.token) =>
      api.http('POST', `${base}/products/${productId}/images`, {
        token,
        raw: { body: form.body, contentType: form.contentType },
      });

    it('stores a PNG decided by content, answers an absolute URL under PUBLIC_URL, and serves it', async () => {
      const res = await upload(
        multipart([
          { name: 'alt', value: 'Front view' },
          { name: 'file', value: PNG_1X1, filename: 'photo.bin', type: 'application/octet-stream' },
        ]),
      );
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        url: expect.stringMatching(/^https:\/\/api\.shop\.example\/uploads\/.+\.png$/),
        alt: 'Front view',
        position: 0,
      });
      const served = await api.http('GET', new URL(res.body.url).pathname);
      expect(served.status).toBe(200);
      expect(served.headers.get('cache-control')).toContain('max-age=31536000');
      expect(served.headers.get('cache-control')).toContain('immutable');
      const product = await as('GET', `/products/${productId}`);
      expect(product.body.images).toEqual([res.body]);
    });

    it('takes alt after the file too, and a GIF', async () => {
      const res = await upload(
        multipart([
          { name: 'file', value: GIF_1X1, filename: 'a.gif', type: 'image/gif' },
          { name: 'alt', value: 'Later alt' },
        ]),
      );
      expect(res.status).toBe(201);
      expect(res.body.alt).toBe('Later alt');
      expect(res.body.url).toMatch(/\.gif$/);
    });

    it('refuses SVG and anything that is not an image by content → 415', async () => {
      expect(
        (
          await upload(
            multipart([{ name: 'file', value: SVG, filename: 'x.svg', type: 'image/svg+xml' }]),
          )
        ).status,
      ).toBe(415);
      expect(
        (
          await upload(
            multipart([
              {
                name: 'file',
                value: Buffer.from('plain text pretending'),
                filename: 'x.png',
                type: 'image/png',
              },
            ]),
          )
        ).status,
      ).toBe(415);
    });

    it('refuses more than 5 MiB → 413 and keeps nothing', async () => {
      const big = Buffer.concat([PNG_1X1, Buffer.alloc(6 * 1024 * 1024, 1)]);
      const before = (await as('GET', `/products/${productId}`)).body.images.length;
      const res = await upload(
        multipart([{ name: 'file', value: big, filename: 'big.png', type: 'image/png' }]),
      );
      expect(res.status).toBe(413);
      expect((await as('GET', `/products/${productId}`)).body.images.length).toBe(before);
    });

    it('needs a file → 400', async () => {
      expect((await upload(multipart([{ name: 'alt', value: 'no file' }]))).status).toBe(400);
      const json = await api.http('POST', `${base}/products/${productId}/images`, {
        token: admin.token,
        body: { file: 'x' },
      });
      expect(json.status).toBe(400);
    });

    it('deletes an image → 204', async () => {
      const image = (await upload(multipart([{ name: 'file', value: PNG_1X1, filename: 'd.png' }])))
        .body;
      expect((await as('DELETE', `/products/${productId}/images/${image.id}`)).status).toBe(204);
      expect((await as('DELETE', `/products/${productId}/images/${image.id}`)).status).toBe(404);
    });
  });

  describe('roles and tenants', () => {
    it('lets Staff and Viewer read but not write the catalog → 403', async () => {
      const { store: s, users } = await storeWithStaff(api);
      for (const role of ['Staff', 'Viewer'] as const) {
        const token = users[role].token;
        expect((await api.http('GET', `/api/v1/stores/${s.id}/products`, { token })).status).toBe(
          200,
        );
        expect((await api.http('GET', `/api/v1/stores/${s.id}/categories`, { token })).status).toBe(
          200,
        );
        expect(
          (
            await api.http('POST', `/api/v1/stores/${s.id}/products`, {
              token,
              body: { title: 'No', status: 'draft' },
            })
          ).status,
        ).toBe(403);
      }
      const manager = users.Manager.token;
      expect(
        (
          await api.http('POST', `/api/v1/stores/${s.id}/products`, {
            token: manager,
            body: { title: 'Yes', status: 'draft' },
          })
        ).status,
      ).toBe(201);
    });

    it("a Manager of A using A's path with B's product, variant, category and image ids gets 404 and changes nothing", async () => {
      const a = await storeWithStaff(api);
      const b = await storeWithStaff(api);
      const bToken = b.users.StoreAdmin.token;
      const bCat = (
        await api.http('POST', `/api/v1/stores/${b.store.id}/categories`, {
          token: bToken,
          body: { name: 'B cat' },
        })
      ).body;
      const bProduct = (
        await api.http('POST', `/api/v1/stores/${b.store.id}/products`, {
          token: bToken,
          body: {
            title: 'B product',
            status: 'active',
            variants: [{ sku: 'B-1', price: 100, stock: 1 }],
          },
        })
      ).body;
      const bImage = (
        await api.http('POST', `/api/v1/stores/${b.store.id}/products/${bProduct.id}/images`, {
          token: bToken,
          raw: multipart([{ name: 'file', value: PNG_1X1, filename: 'b.png' }]),
        })
      ).body;
      const token = a.users.Manager.token;
      const pa = `/api/v1/stores/${a.store.id}`;
      const probes: Array<[string, string, unknown?]> = [
        ['GET', `${pa}/products/${bProduct.id}`],
        ['PATCH', `${pa}/products/${bProduct.id}`, { title: 'hijacked' }],
        ['DELETE', `${pa}/products/${bProduct.id}`],
        ['POST', `${pa}/products/${bProduct.id}/variants`, { sku: 'X', price: 1, stock: 1 }],
        [
          'PATCH',
          `${pa}/products/${bProduct.id}/variants/${bProduct.variants[0].id}`,
          { price: 1 },
        ],
        ['DELETE', `${pa}/products/${bProduct.id}/variants/${bProduct.variants[0].id}`],
        ['DELETE', `${pa}/products/${bProduct.id}/images/${bImage.id}`],
        ['PATCH', `${pa}/categories/${bCat.id}`, { name: 'hijacked' }],
        ['DELETE', `${pa}/categories/${bCat.id}`],
      ];
      for (const [method, path, body] of probes) {
        expect([method, path, (await api.http(method, path, { token, body })).status]).toEqual([
          method,
          path,
          404,
        ]);
      }
      const probeA = await api.http('POST', `${pa}/products`, {
        token,
        body: { title: 'Steal cat', status: 'draft', categoryIds: [bCat.id] },
      });
      expect(probeA.status).toBe(400);
      const still = await api.http('GET', `/api/v1/stores/${b.store.id}/products/${bProduct.id}`, {
        token: bToken,
      });
      expect(still.body).toMatchObject({ title: 'B product', status: 'active' });
      expect(still.body.variants[0]).toMatchObject({ price: 100 });
      expect(still.body.images).toHaveLength(1);
    });
  });
});
