import { createStore, registerUser, TestUser } from './support/fixtures';
import { request } from './support/http';
import { Child, freePort, processEnv, startApiProcess } from './support/processes';
import { hasRedisServer, RedisServer, withRedis } from './support/redis-server';
import { createTestDatabase, TestDatabase } from './support/test-db';
import { startTestApi, TestApi } from './support/test-api';

const limitHeaders = (res: { headers: Headers }) => ({
  limit: res.headers.get('ratelimit-limit'),
  remaining: res.headers.get('ratelimit-remaining'),
  reset: Number(res.headers.get('ratelimit-reset')),
});

/** The contract's budgets: storefront writes per client IP and store, requests per secret key. */
describe('Rate limits (HTTP, in memory)', () => {
  let api: TestApi;
  let admin: TestUser;
  let store: { id: string; slug: string };
  let other: { id: string; slug: string };

  const newCart = (slug: string) => api.http('POST', `/api/v1/catalog/${slug}/carts`, { body: {} });

  beforeAll(async () => {
    api = await startTestApi({
      env: { STOREFRONT_RATE_LIMIT: '5', API_KEY_RATE_LIMIT: '3', AUTH_RATE_LIMIT: '1000' },
    });
    admin = await registerUser(api);
    store = await createStore(api, admin);
    other = await createStore(api, admin);
  });
  afterAll(() => api.close());

  it('counts storefront writes per store with RateLimit headers, then answers 429', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await newCart(store.slug);
      expect(res.status).toBe(201);
      expect(limitHeaders(res)).toEqual({
        limit: '5',
        remaining: String(4 - i),
        reset: expect.any(Number),
      });
      expect(limitHeaders(res).reset).toBeGreaterThanOrEqual(1);
      expect(limitHeaders(res).reset).toBeLessThanOrEqual(60);
    }
    const refused = await newCart(store.slug);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ status: 429, title: 'Too Many Requests' });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limitHeaders(refused)).toMatchObject({ limit: '5', remaining: '0' });
    // The same client in another store has its own budget; reads are never limited.
    expect((await newCart(other.slug)).status).toBe(201);
    for (let i = 0; i < 10; i++) {
      const read = await api.http('GET', `/api/v1/catalog/${store.slug}/products`);
      expect(read.status).toBe(200);
      expect(read.headers.get('ratelimit-limit')).toBeNull();
    }
  });

  it('counts every request of a secret key, and only that key', async () => {
    const newKey = async () => {
      const res = await api.http('POST', `/api/v1/stores/${other.id}/api-keys`, {
        token: admin.token,
        body: { name: 'erp', type: 'secret', role: 'Manager' },
      });
      expect(res.status).toBe(201);
      return res.body.key as string;
    };
    const [first, second] = [await newKey(), await newKey()];
    const read = (key: string) =>
      api.http('GET', `/api/v1/stores/${other.id}/products`, { token: key });
    for (let i = 0; i < 3; i++) {
      const res = await read(first);
      expect(res.status).toBe(200);
      expect(limitHeaders(res)).toMatchObject({ limit: '3', remaining: String(2 - i) });
    }
    const refused = await read(first);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).not.toBeNull();
    expect((await read(second)).status).toBe(200);
    // A person's token is not under the key budget.
    const person = await api.http('GET', `/api/v1/stores/${other.id}/products`, {
      token: admin.token,
    });
    expect(person.status).toBe(200);
    expect(person.headers.get('ratelimit-limit')).toBeNull();
  });
});

withRedis(hasRedisServer)('Rate limits across two api processes sharing Redis', () => {
  let redis: RedisServer;
  let db: TestDatabase;
  const apis: Child[] = [];
  const ports: number[] = [];

  beforeAll(async () => {
    redis = await RedisServer.start();
    db = await createTestDatabase();
    const prefix = `rl${Date.now()}`;
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      ports.push(port);
      const env = processEnv(db.url, port, {
        REDIS_URL: redis.url,
        QUEUE_PREFIX: prefix,
        JWT_SECRET: 'a-shared-secret-of-at-least-32-characters!',
        STOREFRONT_RATE_LIMIT: '10',
        AUTH_RATE_LIMIT: '1000',
      });
      apis.push(await startApiProcess(env));
    }
  }, 120_000);

  afterAll(async () => {
    await Promise.all(apis.map((a) => a.kill()));
    await db?.drop();
    await redis?.stop();
  });

  it('shares one budget: 10 writes in all, whichever replica takes them', async () => {
    const at = (i: number, path: string) => `http://127.0.0.1:${ports[i % 2]}${path}`;
    const register = await request(at(0, '/api/v1/auth/register'), 'POST', {
      body: { email: `rl${Date.now()}@example.com`, password: 'correct horse battery', name: 'R' },
    });
    expect(register.status).toBe(201);
    const slug = `rl-${Date.now()}`;
    const created = await request(at(1, '/api/v1/stores'), 'POST', {
      token: register.body.accessToken,
      body: { name: 'Limits', slug, currency: 'USD' },
    });
    expect(created.status).toBe(201);
    const statuses: number[] = [];
    for (let i = 0; i < 14; i++) {
      const res = await request(at(i, `/api/v1/catalog/${slug}/carts`), 'POST', { body: {} });
      statuses.push(res.status);
    }
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.slice(10)).toEqual([429, 429, 429, 429]);
  });
});
