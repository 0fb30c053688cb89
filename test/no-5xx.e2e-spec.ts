import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createStore, placeOrder, productWithVariants, registerUser } from './support/fixtures';
import { startTestApi, TestApi } from './support/test-api';

// Every operation of the served document, as a StoreAdmin, with malformed bodies and queries:
// a 4xx (or a success), never a 5xx.
const document = JSON.parse(readFileSync(join(__dirname, '..', 'docs', 'openapi.json'), 'utf8'));
const operations = Object.entries(
  document.paths as Record<string, Record<string, unknown>>,
).flatMap(([path, ops]) => Object.keys(ops).map((method) => [method.toUpperCase(), path] as const));
const BODIES = [
  '{}',
  '[]',
  'null',
  '"text"',
  '{"name":"\\u0000","title":"\\u0000","email":"\\u0000","slug":"\\u0000","sku":"\\u0000"}',
  '{"items":[{"variantId":"not-a-uuid","quantity":"1"}],"cartId":5}',
  '{"settings":{"shipping":{"rates":[1,2]},"tax":{"rates":{"FR":0.2}}}}',
  '{"price":1e308,"stock":-0,"quantity":99999999999999999999,"position":1.5}',
  `{"deep":${'['.repeat(200)}${']'.repeat(200)}}`,
];

describe('no input gives a 5xx', () => {
  let api: TestApi;
  let token: string;
  let ids: Record<string, string>;

  beforeAll(async () => {
    api = await startTestApi({ env: { AUTH_RATE_LIMIT: '100000' } });
    const admin = await registerUser(api);
    token = admin.token;
    const store = await createStore(api, admin);
    const [variant] = await productWithVariants(api, store.id, admin, [[100, 100]]);
    const order = (await placeOrder(api, store.slug, [{ variantId: variant.id, quantity: 1 }]))
      .body;
    ids = { storeId: store.id, storeSlug: store.slug, slug: store.slug, orderId: order.id };
  });
  afterAll(() => api.close());

  it('covers the document', () => {
    expect(operations.length).toBeGreaterThan(40);
  });

  it.each(operations)('%s %s', async (method, template) => {
    const path = template.replace(/\{(\w+)\}/g, (_, name: string) => ids[name] ?? randomUUID());
    const queries = [
      '',
      '?page=abc&limit=-1&ordering=%00&status=%00&q=%00',
      `?q=${'x'.repeat(5000)}`,
    ];
    for (const query of queries) {
      const bodies = method === 'GET' || method === 'DELETE' ? [undefined] : BODIES;
      for (const body of bodies) {
        const res = await api.http(method, `${path}${query}`, {
          token,
          raw: body === undefined ? undefined : { body, contentType: 'application/json' },
        });
        expect([method, path, query, body, res.status < 500 ? 'ok' : res.text]).toEqual([
          method,
          path,
          query,
          body,
          'ok',
        ]);
      }
    }
  });
});
