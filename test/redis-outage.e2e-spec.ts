import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { request, waitFor } from './support/http';
import {
  Child,
  freePort,
  processEnv,
  startApiProcess,
  startWorkerProcess,
} from './support/processes';
import { hasRedisServer, RedisServer, withRedis } from './support/redis-server';
import { SmtpCapture, startSmtpCapture } from './support/smtp-capture';
import { createTestDatabase, TestDatabase } from './support/test-db';

// Redis stopped for OUTAGE_MS (30 s) while orders keep coming: the api keeps taking them
// (readiness says Redis is down), their events wait in the PostgreSQL outbox, and once Redis
// is back every confirmation email goes out, once. Needs the redis-server binary: a Redis of
// its own (with an append-only file, as production runs it), so other tests keep theirs.
const OUTAGE_MS = Number(process.env.REDIS_OUTAGE_MS ?? 30_000);
withRedis(hasRedisServer)('a Redis outage under order traffic', () => {
  let db: TestDatabase;
  let pg: Client;
  let smtp: SmtpCapture;
  let redis: RedisServer;
  let api: Child;
  let worker: Child;
  let base: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    pg = new Client({ connectionString: db.url });
    await pg.connect();
    smtp = await startSmtpCapture();
    redis = await RedisServer.start();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const env = processEnv(db.url, port, {
      REDIS_URL: redis.url,
      SMTP_URL: smtp.url,
      JOB_BACKOFF_MS: '200',
      LOG_LEVEL: 'error',
      AUTH_RATE_LIMIT: '100000',
    });
    api = await startApiProcess(env);
    worker = await startWorkerProcess(env);
  }, 90_000);

  afterAll(async () => {
    await worker?.kill();
    await api?.kill();
    await redis?.stop();
    await smtp?.close();
    await pg?.end();
    await db?.drop();
  });

  it('loses no confirmation: every order placed before, during and after is emailed once', async () => {
    const reg = await request(`${base}/api/v1/auth/register`, 'POST', {
      body: {
        email: `outage-${randomBytes(3).toString('hex')}@example.com`,
        password: 'correct horse battery',
        name: 'Outage',
      },
    });
    const token = reg.body.accessToken as string;
    const store = (
      await request(`${base}/api/v1/stores`, 'POST', {
        token,
        body: { name: 'Outage', slug: `outage-${randomBytes(3).toString('hex')}`, currency: 'USD' },
      })
    ).body;
    const product = await request(`${base}/api/v1/stores/${store.id}/products`, 'POST', {
      token,
      headers: { 'idempotency-key': 'outage-product' },
      body: {
        title: 'Tee',
        status: 'active',
        variants: [{ sku: 'OUT-1', price: 1000, stock: 100000, lowStockThreshold: 0 }],
      },
    });
    const variantId = product.body.variants[0].id as string;
    const emails: string[] = [];
    const order = async (phase: string) => {
      const email = `${phase}-${emails.length}@example.com`;
      const res = await request(`${base}/api/v1/catalog/${store.slug}/orders`, 'POST', {
        body: {
          items: [{ variantId, quantity: 1 }],
          email,
          shippingAddress: {
            name: 'A',
            line1: '1 Main St',
            city: 'Springfield',
            postalCode: '12345',
            country: 'US',
          },
        },
      });
      expect(res.status).toBe(201);
      emails.push(email);
    };
    const trafficFor = async (ms: number, phase: string) => {
      const until = Date.now() + ms;
      while (Date.now() < until) {
        await order(phase);
        await new Promise((r) => setTimeout(r, 200));
      }
    };

    await trafficFor(2000, 'before');
    await redis?.stop();
    await trafficFor(Math.min(3000, OUTAGE_MS), 'during');
    const ready = await request(`${base}/health/ready`, 'GET');
    expect(ready.status).toBe(503);
    expect(JSON.stringify(ready.body)).toMatch(/redis/i);
    await trafficFor(Math.max(0, OUTAGE_MS - 3000), 'during');
    // Nothing of the outage's orders left PostgreSQL yet.
    const { rows: waiting } = await pg.query(
      `select count(*)::int as n from outbox_message where status = 'pending'`,
    );
    expect(waiting[0].n).toBeGreaterThan(0);
    await redis.start();
    await trafficFor(2000, 'after');

    await waitFor(
      async () => emails.every((e) => smtp.messages.some((m) => m.to.includes(e))),
      60_000,
      () => `every confirmation (${emails.length}); got ${smtp.messages.length}`,
    );
    for (const e of emails) {
      expect(smtp.messages.filter((m) => m.to.includes(e))).toHaveLength(1);
    }
    // The transport's acceptance is recorded right after it (in the job's own transaction):
    // a message can reach the SMTP double a moment before its row says `sent`.
    const statuses = async () =>
      (
        await pg.query<{ status: string; n: number }>(
          `select status, count(*)::int as n from notification where template = 'order-confirmation' group by status`,
        )
      ).rows;
    const rows = await waitFor(
      async () => {
        const now = await statuses();
        return now.some((r) => r.status === 'queued') ? null : now;
      },
      30_000,
      'no confirmation queued',
    ).catch(() => statuses());
    expect(rows).toEqual([{ status: 'sent', n: emails.length }]);
    expect(emails.filter((e) => e.startsWith('during')).length).toBeGreaterThan(5);
  }, 180_000);
});
