import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { request, waitFor } from './support/http';
import { PgCluster, withPgBinaries } from './support/pg-cluster';
import {
  Child,
  freePort,
  processEnv,
  startApiProcess,
  startWorkerProcess,
} from './support/processes';
import { hasRedisServer, RedisServer, withRedis } from './support/redis-server';
import { SmtpCapture, startSmtpCapture } from './support/smtp-capture';

// PostgreSQL stopped (a fast shutdown, as an operator's restart does) for OUTAGE_MS (20 s)
// while storefront orders keep coming, one every 100 ms. Meanwhile readiness says the
// database is down and orders are refused with a 503 problem, each within REQUEST_MS; once
// PostgreSQL is back the api is ready again within READY_MS, every order it accepted exists
// once and is emailed once, and the outbox drains. A cluster of the test's own (initdb,
// pg_ctl) and a Redis of its own, so other tests keep theirs.
const OUTAGE_MS = Number(process.env.PG_OUTAGE_MS ?? 20_000);
const ORDER_EVERY_MS = 100;
const REQUEST_MS = 10_000;
const READY_MS = 15_000;

interface Attempt {
  email: string;
  phase: 'before' | 'during' | 'after';
  status: number; // 0: no answer (reset or timeout)
  ms: number;
  body: string;
}

// Its own Redis (a server binary) and its own PostgreSQL cluster (initdb, pg_ctl).
const describeIf = hasRedisServer ? withPgBinaries() : withRedis(false);

describeIf('a PostgreSQL restart under order traffic', () => {
  let cluster: PgCluster;
  let dbUrl: string;
  let smtp: SmtpCapture;
  let redis: RedisServer;
  let api: Child;
  let worker: Child;
  let base: string;

  const sql = async <T = Record<string, unknown>>(query: string, params?: unknown[]) => {
    const client = new Client({ connectionString: dbUrl });
    await client.connect();
    try {
      return (await client.query(query, params)).rows as T[];
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    cluster = await PgCluster.create();
    const admin = new Client({ connectionString: cluster.urlFor('postgres') });
    await admin.connect();
    await admin.query('create database silkcart');
    await admin.end();
    dbUrl = cluster.urlFor('silkcart');
    smtp = await startSmtpCapture();
    redis = await RedisServer.start();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    // The api migrates the empty database on start (MIGRATIONS_RUN defaults to true).
    const env = processEnv(dbUrl, port, {
      REDIS_URL: redis.url,
      SMTP_URL: smtp.url,
      JOB_BACKOFF_MS: '200',
      OUTBOX_POLL_MS: '100',
      LOG_LEVEL: 'error',
      AUTH_RATE_LIMIT: '100000',
    });
    api = await startApiProcess(env);
    worker = await startWorkerProcess(env);
  }, 120_000);

  afterAll(async () => {
    await worker?.kill();
    await api?.kill();
    await redis?.stop();
    await smtp?.close();
    await cluster?.destroy();
  });

  it('refuses with 503 while it is down, is ready again soon after, and loses or repeats nothing', async () => {
    const reg = await request(`${base}/api/v1/auth/register`, 'POST', {
      body: {
        email: `pgrestart-${randomBytes(3).toString('hex')}@example.com`,
        password: 'correct horse battery',
        name: 'Restart',
      },
    });
    expect(reg.status).toBe(201);
    const token = reg.body.accessToken as string;
    const store = (
      await request(`${base}/api/v1/stores`, 'POST', {
        token,
        body: {
          name: 'Restart',
          slug: `restart-${randomBytes(3).toString('hex')}`,
          currency: 'USD',
        },
      })
    ).body;
    const product = await request(`${base}/api/v1/stores/${store.id}/products`, 'POST', {
      token,
      body: {
        title: 'Tee',
        status: 'active',
        variants: [{ sku: 'PGR-1', price: 1000, stock: 100000, lowStockThreshold: 0 }],
      },
    });
    expect(product.status).toBe(201);
    const variantId = product.body.variants[0].id as string;

    const attempts: Attempt[] = [];
    let phase: Attempt['phase'] = 'before';
    const order = async (): Promise<void> => {
      const attempt: Attempt = {
        email: `${phase}-${attempts.length}@example.com`,
        phase,
        status: 0,
        ms: 0,
        body: '',
      };
      attempts.push(attempt);
      const started = Date.now();
      try {
        const res = await fetch(`${base}/api/v1/catalog/${store.slug}/orders`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            items: [{ variantId, quantity: 1 }],
            email: attempt.email,
            shippingAddress: {
              name: 'A',
              line1: '1 Main St',
              city: 'Springfield',
              postalCode: '12345',
              country: 'US',
            },
          }),
          signal: AbortSignal.timeout(REQUEST_MS),
        });
        attempt.status = res.status;
        attempt.body = (await res.text()).slice(0, 300);
      } catch (err) {
        attempt.body = String(err);
      }
      attempt.ms = Date.now() - started;
    };
    // One order every ORDER_EVERY_MS, whether or not the previous one has been answered.
    const inFlight: Promise<void>[] = [];
    let trafficOn = true;
    const traffic = (async () => {
      while (trafficOn) {
        inFlight.push(order());
        await new Promise((r) => setTimeout(r, ORDER_EVERY_MS));
      }
    })();
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const ready = async () => {
      try {
        const res = await fetch(`${base}/health/ready`, { signal: AbortSignal.timeout(5000) });
        return { status: res.status, body: await res.text() };
      } catch (err) {
        return { status: 0, body: String(err) };
      }
    };

    await sleep(3000);
    phase = 'during';
    const stoppedAt = Date.now();
    await cluster.stop();
    const readiness: Array<{ status: number; body: string }> = [];
    while (Date.now() - stoppedAt < OUTAGE_MS) {
      readiness.push(await ready());
      await sleep(500);
    }
    await cluster.start();
    const startedAt = Date.now();
    phase = 'after';
    let readyAfterMs = -1;
    while (Date.now() - startedAt < READY_MS + 5000) {
      if ((await ready()).status === 200) {
        readyAfterMs = Date.now() - startedAt;
        break;
      }
      await sleep(100);
    }
    await sleep(3000);
    trafficOn = false;
    await traffic;
    await Promise.all(inFlight);

    const accepted = attempts.filter((a) => a.status === 201);
    const refused = attempts.filter((a) => a.status !== 201);
    const byStatus = (list: Array<{ status: number }>) =>
      list.reduce<Record<string, number>>((acc, a) => {
        acc[a.status] = (acc[a.status] ?? 0) + 1;
        return acc;
      }, {});
    const count = (p: Attempt['phase'], list: Attempt[]) =>
      list.filter((a) => a.phase === p).length;
    console.log(
      [
        `PostgreSQL restart: outage ${OUTAGE_MS} ms, ${attempts.length} orders sent`,
        `accepted ${accepted.length} (before ${count('before', accepted)}, during ${count('during', accepted)}, after ${count('after', accepted)})`,
        `refused ${refused.length} ${JSON.stringify(byStatus(refused))} (during ${count('during', refused)}, after ${count('after', refused)})`,
        `slowest answer ${Math.max(...attempts.map((a) => a.ms))} ms; slowest refusal ${Math.max(0, ...refused.map((a) => a.ms))} ms`,
        `readiness during the outage ${JSON.stringify(byStatus(readiness))}`,
        `ready again ${readyAfterMs} ms after PostgreSQL accepted connections`,
      ].join('\n'),
    );

    // Readiness: 503 naming the database all through the outage, 200 soon after.
    expect(readiness.length).toBeGreaterThan(10);
    for (const r of readiness) {
      expect(r.status).toBe(503);
      expect(r.body).toMatch(/database/);
    }
    expect(readyAfterMs).toBeGreaterThanOrEqual(0);
    expect(readyAfterMs).toBeLessThanOrEqual(READY_MS);

    // Every request answered within REQUEST_MS; every refusal a 503 problem, none a 500.
    const unexpected = refused.filter((a) => a.status !== 503);
    if (unexpected.length > 0) console.log(`api output:\n${api.output().slice(-6000)}`);
    expect(unexpected.map((a) => `${a.phase} ${a.status} ${a.ms}ms ${a.body}`)).toEqual([]);
    for (const a of refused) expect(a.body).toMatch(/"status":503/);
    expect(count('before', accepted)).toBeGreaterThan(10);
    expect(count('after', accepted)).toBeGreaterThan(10);
    expect(count('during', refused)).toBeGreaterThan(50);

    // Every accepted order exists exactly once; refused ones (as far as they got) never do.
    const orders = await sql<{ email: string; n: number }>(
      `select email, count(*)::int as n from customer_order group by email`,
    );
    const placed = new Map(orders.map((o) => [o.email, o.n]));
    for (const a of accepted) expect([a.email, placed.get(a.email)]).toEqual([a.email, 1]);
    const refusedButPlaced = refused.filter((a) => placed.has(a.email)).map((a) => a.email);
    expect(refusedButPlaced).toEqual([]);

    // Each accepted order's confirmation is sent exactly once.
    const unsent = () => accepted.filter((a) => !smtp.messages.some((m) => m.to.includes(a.email)));
    await waitFor(async () => unsent().length === 0, 60_000, 'every confirmation').catch(
      async (err) => {
        const emails = unsent().map((a) => a.email);
        console.log(
          `unsent ${JSON.stringify(unsent())}`,
          await sql(
            `select n.recipient, n.status, n.attempts, n.last_error from notification n
              where n.recipient = any($1)`,
            [emails],
          ),
          await sql(
            `select type, status, attempts, last_error, created_at from outbox_message
              where status <> 'done' or payload::text like any($1) order by created_at`,
            [emails.map((e) => `%${e}%`)],
          ),
          `worker output:\n${worker.output().slice(-4000)}`,
        );
        throw err;
      },
    );
    await sleep(1000); // a late duplicate would arrive now
    for (const a of accepted) {
      expect([a.email, smtp.messages.filter((m) => m.to.includes(a.email)).length]).toEqual([
        a.email,
        1,
      ]);
    }

    // The outbox drains: nothing pending, queued or running once the work is done.
    const drainStarted = Date.now();
    await waitFor(
      async () =>
        (
          await sql<{ n: number }>(
            `select count(*)::int as n from outbox_message where status in ('pending', 'queued', 'running')`,
          )
        )[0].n === 0,
      30_000,
      'the outbox to drain',
    ).catch(async (err) => {
      console.log(
        await sql(`select type, status, attempts, last_error from outbox_message
                    where status <> 'done' order by created_at`),
      );
      throw err;
    });
    const outbox = await sql<{ status: string; n: number }>(
      `select status, count(*)::int as n from outbox_message group by status order by status`,
    );
    console.log(`outbox after ${Date.now() - drainStarted} ms: ${JSON.stringify(outbox)}`);
    expect(outbox.filter((r) => r.status !== 'done')).toEqual([]);

    // Both processes survived and serve.
    expect(api.proc.exitCode).toBeNull();
    expect(worker.proc.exitCode).toBeNull();
    phase = 'after';
    await order();
    const last = attempts[attempts.length - 1];
    expect(last.status).toBe(201);
    await smtp.waitFor((m) => m.to.includes(last.email), 20_000);
  }, 240_000);
});
