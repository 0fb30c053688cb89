import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, TestDatabase } from './support/test-db';
import { startTestApi, TestApi } from './support/test-api';

const PUBLIC_URL = 'https://shop.example.test';

/** `npm run seed` as a process: beside a running api, again (idempotent), and with --fresh. */
describe('npm run seed', () => {
  let db: TestDatabase;
  const dataDir = mkdtempSync(join(tmpdir(), 'silkcart-seed-'));

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const seed = (port: number, ...args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ['-r', '@swc-node/register', 'scripts/seed.ts', '--products', '60', ...args],
        {
          env: {
            ...process.env,
            DATABASE_URL: db.url,
            PUBLIC_URL,
            PORT: String(port),
            DATA_DIR: dataDir,
            LOG_LEVEL: 'error',
          },
          timeout: 120_000,
        },
        (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
      );
    });
  const count = async (sql: string) =>
    (await db.sql<{ n: number }>(`select count(*)::int as n ${sql}`))[0].n;
  const counts = async () => ({
    stores: await count(`from store where slug = 'silkcart-demo'`),
    products: await count('from product'),
    orders: await count('from customer_order'),
    customers: await count('from customer'),
    reviews: await count(`from review where status = 'published'`),
    promotions: await count(`from promotion where code = 'WELCOME10' and enabled`),
  });
  /** A port nothing listens on: no running api there. */
  const freePort = () =>
    new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });

  it('seeds through a running api, leaves the store alone when run again, and starts over with --fresh', async () => {
    // An api already running on the same database, as `npm start` would be.
    const api: TestApi = await startTestApi({
      replicaOf: {
        db: { ...db, drop: async () => undefined },
        config: { jobs: { queuePrefix: 'seedtest' }, jwtSecret: 'seed-test-secret-'.repeat(4) },
      } as unknown as TestApi,
    });
    let first;
    try {
      const port = Number(new URL(api.url('/')).port);
      const run = await seed(port);
      expect(run.stderr).not.toContain('seed failed');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`through the api running on http://localhost:${port}`);
      expect(run.stdout).toContain('demo@silkcart.dev / demo-password-123');
      expect(run.stdout).toContain(`${PUBLIC_URL}/shop/silkcart-demo`);

      first = await counts();
      expect(first).toMatchObject({ stores: 1, products: 60, promotions: 1 });
      expect(first.orders).toBeGreaterThan(50);
      expect(first.customers).toBeGreaterThanOrEqual(5);
      expect(first.reviews).toBeGreaterThan(5);
      const urls = await db.sql<{ url: string }>('select url from product_image');
      expect(urls.length).toBe(60);
      for (const { url } of urls) expect(url.startsWith(`${PUBLIC_URL}/`)).toBe(true);
      const days = await count(
        `from (select distinct (paid_at at time zone 'UTC')::date from customer_order where paid_at is not null) d`,
      );
      expect(days).toBeGreaterThan(30);
      expect(await count(`from customer_order where status like '%refunded'`)).toBeGreaterThan(0);
      expect(await count(`from customer_order where status = 'fulfilled'`)).toBeGreaterThan(30);

      // The merchant's analytics, from the api, over the 60 days.
      const login = await api.http('POST', '/api/v1/auth/token', {
        body: { email: 'demo@silkcart.dev', password: 'demo-password-123' },
      });
      const [{ id }] = await db.sql<{ id: string }>(
        `select id from store where slug = 'silkcart-demo'`,
      );
      const day = (ago: number) =>
        new Date(Date.now() - ago * 86_400_000).toISOString().slice(0, 10);
      const analytics = await api.http(
        'GET',
        `/api/v1/stores/${id}/analytics?from=${day(61)}&to=${day(0)}`,
        { token: login.body.accessToken },
      );
      expect(analytics.status).toBe(200);
      expect(analytics.body.totals.orders).toBeGreaterThan(50);
      expect(analytics.body.totals.grossSales).toBeGreaterThan(0);
      expect(analytics.body.totals.refunds).toBeGreaterThan(0);
      expect(analytics.body.topProducts.length).toBeGreaterThan(0);
      const storefront = await api.http('GET', '/api/v1/catalog/silkcart-demo/products?limit=5');
      expect(storefront.body.total).toBe(60);
    } finally {
      await api.close();
    }

    // Again, with no api running: the store is found and left as it is.
    const again = await seed(await freePort());
    expect(again.code).toBe(0);
    expect(again.stdout.split('\n')[0]).toMatch(/already there .* left as it is/);
    expect(await counts()).toEqual(first);

    // --fresh: deleted and made again, through an api of its own on a temporary port.
    const [{ id: before }] = await db.sql<{ id: string }>(
      `select id from store where slug = 'silkcart-demo'`,
    );
    const fresh = await seed(await freePort(), '--fresh');
    expect(fresh.stderr).not.toContain('seed failed');
    expect(fresh.code).toBe(0);
    expect(fresh.stdout).toContain('an api of its own on a temporary port');
    const [{ id: after }] = await db.sql<{ id: string }>(
      `select id from store where slug = 'silkcart-demo'`,
    );
    expect(after).not.toBe(before);
    expect(await counts()).toEqual(first);
    for (const { url } of await db.sql<{ url: string }>('select url from product_image')) {
      expect(url.startsWith(`${PUBLIC_URL}/`)).toBe(true);
    }
  }, 240_000);
});
