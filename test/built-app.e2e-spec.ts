import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { DnsDouble } from './support/dns-double';
import { csvOf, exportOf, ORDER_COLUMNS } from './support/exports';
import {
  ADDRESS,
  createStore,
  placeOrder,
  productWithVariants,
  registerUser,
  unique,
} from './support/fixtures';
import { request, requestAsHost, waitFor } from './support/http';
import { multipart, noisePng } from './support/images';
import {
  PaymentDoubles,
  startPaymentDoubles,
  STRIPE_WEBHOOK_SECRET,
} from './support/payment-doubles';
import { Child, freePort, spawnCommand } from './support/processes';
import { SheetsDouble, startSheetsDouble } from './support/sheets-double';
import type { TestApi } from './support/test-api';
import { createTestDatabase, TestDatabase } from './support/test-db';
import { startWebhookReceiver, WebhookReceiver } from './support/webhook-receiver';
import { settled, verified } from './support/webhooks';

// What users run: `npm start` (which builds, then runs the bundle dist/api.js), and with
// REDIS_URL the worker (`npm run start:worker`) as a process of its own, both reached only over
// HTTP. A bug that shows only in the build (an upload stored empty, a template not copied, a
// module the bundle left out or required wrong) fails here. Without Redis the api processes run
// the jobs (webhook deliveries, exports) themselves: all of them run the bundle, as every api
// replica of the image does.
const withRedis = Boolean(process.env.REDIS_URL);

describe(`the built api${withRedis ? ' and worker' : ''} as processes`, () => {
  let db: TestDatabase;
  let doubles: PaymentDoubles;
  /** A local webhook endpoint, a DNS server for domain verification, Google Sheets. */
  let receiver: WebhookReceiver;
  let dns: DnsDouble;
  let sheets: SheetsDouble;
  let api: Child;
  /** A second replica of the built api (the bundle too) over the same database (and queues). */
  let replica: Child;
  let worker: Child | null = null;
  let base: string;
  let replicaBase: string;
  /** The fixtures only need `http` (and the export helpers the PUBLIC_URL). */
  let client: TestApi;

  beforeAll(async () => {
    db = await createTestDatabase();
    doubles = await startPaymentDoubles();
    receiver = await startWebhookReceiver();
    dns = await DnsDouble.start();
    sheets = await startSheetsDouble();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const env = {
      ...process.env,
      ...doubles.env,
      ...sheets.env,
      NODE_ENV: 'production',
      JWT_SECRET: randomBytes(32).toString('hex'),
      PORT: String(port),
      PUBLIC_URL: base,
      DATABASE_URL: db.url,
      REDIS_URL: withRedis ? process.env.REDIS_URL : '',
      QUEUE_PREFIX: `b${randomBytes(4).toString('hex')}`,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'silkcart-built-')),
      JOB_BACKOFF_MS: '50',
      OUTBOX_POLL_MS: '100',
      LOG_LEVEL: 'warn',
      // The receiver listens on 127.0.0.1, which the webhook sender refuses unless allowed.
      WEBHOOK_ALLOW_PRIVATE: 'true',
      WEBHOOK_RETRY_BASE_SECONDS: '0.2',
      DNS_SERVERS: dns.address,
    };
    api = spawnCommand('npm', ['start'], env);
    await waitFor(
      async () => (await request(`${base}/health/ready`, 'GET').catch(() => null))?.status === 200,
      150_000,
      () => `the built api to be ready\n${api.output()}`,
    );
    const replicaPort = await freePort();
    replicaBase = `http://127.0.0.1:${replicaPort}`;
    // The image's command (what `npm start` runs once built).
    replica = spawnCommand('node', ['scripts/start.js'], {
      ...env,
      PORT: String(replicaPort),
    });
    await waitFor(
      async () =>
        (await request(`${replicaBase}/health/ready`, 'GET').catch(() => null))?.status === 200,
      60_000,
      () => `the replica to be ready\n${replica.output()}`,
    );
    if (withRedis) {
      // The worker serves its probes and metrics on a port of its own.
      const workerPort = await freePort();
      worker = spawnCommand('npm', ['run', 'start:worker'], { ...env, PORT: String(workerPort) });
      await worker.waitForOutput('worker ready', 60_000);
      const probe = await request(`http://127.0.0.1:${workerPort}/health/ready`, 'GET');
      expect(probe.status).toBe(200);
    }
    client = {
      http: (method, path, options) => request(`${base}${path}`, method, options),
      config: { publicUrl: base },
    } as TestApi;
  }, 240_000);

  afterAll(async () => {
    await worker?.kill();
    await replica?.kill();
    await api?.kill();
    await doubles?.close();
    await receiver?.close();
    await dns?.close();
    await sheets?.close();
    await db?.drop();
  });

  it('serves a whole purchase: catalog, image, order, Stripe payment, emails, refund', async () => {
    const admin = await registerUser(client, 'Built Admin');
    const store = await createStore(client, admin, 'USD');
    const [variant] = await productWithVariants(client, store.id, admin, [[2500, 10]]);
    const [{ productId }] = await db.sql<{ productId: string }>(
      `select product_id as "productId" from variant where id = $1`,
      [variant.id],
    );

    // The image comes back byte for byte.
    const png = noisePng(120, 120, 7);
    const upload = multipart([{ name: 'file', filename: 'p.png', type: 'image/png', value: png }]);
    const uploaded = await client.http(
      'POST',
      `/api/v1/stores/${store.id}/products/${productId}/images`,
      { token: admin.token, raw: { body: upload.body, contentType: upload.contentType } },
    );
    expect(uploaded.status).toBe(201);
    const image = await fetch(uploaded.body.url);
    expect(image.status).toBe(200);
    expect(Buffer.from(await image.arrayBuffer()).equals(png)).toBe(true);

    const listed = await client.http('GET', `/api/v1/catalog/${store.slug}/products`);
    expect(listed.body.items[0].images[0].url).toBe(uploaded.body.url);

    const order = (await placeOrder(client, store.slug, [{ variantId: variant.id, quantity: 2 }]))
      .body;
    const session = await client.http('POST', '/api/v1/payments/stripe/session', {
      body: { orderId: order.id, orderToken: order.orderToken },
      headers: { 'idempotency-key': `built-${order.id}` },
    });
    expect(session.status).toBe(201);
    const { sessionCompleted } = doubles.stripe.pay(session.body.sessionId);
    const payload = JSON.stringify(sessionCompleted);
    // Stripe retries, and two api processes receive the same event at the same moment.
    const deliver = (to: string) =>
      request(`${to}/api/v1/payments/stripe/webhook`, 'POST', {
        raw: { body: payload, contentType: 'application/json' },
        headers: {
          'stripe-signature': doubles.stripe.signedHeader(payload, STRIPE_WEBHOOK_SECRET),
        },
      });
    const hooks = await Promise.all([base, replicaBase, base, replicaBase].map(deliver));
    expect(hooks.map((h) => h.status)).toEqual([200, 200, 200, 200]);
    expect(hooks.filter((h) => h.body.outcome === 'applied')).toHaveLength(1);
    const [{ n: paidEvents }] = await db.sql<{ n: number }>(
      `select count(distinct event_id)::int as n from outbox_message where event_type = 'ordering.order_paid'`,
    );
    expect(paidEvents).toBe(1);
    const show = () =>
      client.http('GET', `/api/v1/stores/${store.id}/orders/${order.id}`, { token: admin.token });
    expect((await show()).body.status).toBe('paid');

    // The emails were rendered and sent by whoever runs jobs (the worker, with Redis).
    const emailed = await waitFor(
      async () => {
        const rows = await db.sql<{ status: string }>(
          `select status from outbox_message where type = 'notifications.deliver'`,
        );
        return rows.length >= 3 && rows.every((r) => r.status === 'done') ? rows : null;
      },
      30_000,
      'the welcome, confirmation and payment emails to be sent',
    );
    expect(emailed.length).toBeGreaterThanOrEqual(3);

    const refund = await client.http(
      'POST',
      `/api/v1/stores/${store.id}/orders/${order.id}/refunds`,
      {
        token: admin.token,
        body: { amount: 1000 },
      },
    );
    expect(refund.status).toBe(201);
    const after = (await show()).body;
    expect(after.status).toBe('partially_refunded');
    expect(after.payments[0]).toMatchObject({ amount: order.total, amountRefunded: 1000 });

    // Counted once, by whichever replica applied the webhook.
    const counted = async (at: string) => {
      const line = `silkcart_payments_total{store="${store.id}",status="succeeded"} `;
      const text = (await request(`${at}/metrics`, 'GET')).text;
      const found = text.split('\n').find((l) => l.startsWith(line));
      return found ? Number(found.slice(line.length)) : 0;
    };
    expect((await counted(base)) + (await counted(replicaBase))).toBe(1);
  });

  it('serves a shopper: account, discount code, paid order, review and rating', async () => {
    const admin = await registerUser(client, 'Built Shop Admin');
    const store = await createStore(client, admin, 'USD');
    const [variant] = await productWithVariants(
      client,
      store.id,
      admin,
      [[4000, 10]],
      'Built Lamp',
    );
    const sf = `/api/v1/catalog/${store.slug}`;
    const email = `shopper-${randomBytes(3).toString('hex')}@example.com`;
    const shopper = await client.http('POST', `${sf}/customers`, {
      body: { email, password: 'shopper-password-1', name: 'Shopper' },
    });
    expect(shopper.status).toBe(201);
    const as = { authorization: `Bearer ${shopper.body.accessToken}` };
    const promo = await client.http('POST', `/api/v1/stores/${store.id}/promotions`, {
      token: admin.token,
      body: { code: 'BUILT10', type: 'percentage', value: 10 },
    });
    expect(promo.status).toBe(201);

    const cart = await client.http('POST', `${sf}/carts`, {
      body: { items: [{ variantId: variant.id, quantity: 1 }] },
      headers: as,
    });
    const coded = await client.http('POST', `${sf}/carts/${cart.body.id}/promotion`, {
      body: { code: 'built10' },
    });
    expect(coded.body).toMatchObject({ promotionCode: 'BUILT10', discountTotal: 400 });
    const order = await client.http('POST', `${sf}/orders`, {
      body: { cartId: cart.body.id, email, shippingAddress: ADDRESS },
      headers: as,
    });
    expect(order.body).toMatchObject({ promotionCode: 'BUILT10', discountTotal: 400 });

    const session = await client.http('POST', '/api/v1/payments/stripe/session', {
      body: { orderId: order.body.id, orderToken: order.body.orderToken },
    });
    const payload = JSON.stringify(doubles.stripe.pay(session.body.sessionId).sessionCompleted);
    const hook = await request(`${base}/api/v1/payments/stripe/webhook`, 'POST', {
      raw: { body: payload, contentType: 'application/json' },
      headers: { 'stripe-signature': doubles.stripe.signedHeader(payload, STRIPE_WEBHOOK_SECRET) },
    });
    expect(hook.body.outcome).toBe('applied');
    const mine = await client.http('GET', `${sf}/customers/me/orders`, { headers: as });
    expect(mine.body.items.map((o: { id: string; status: string }) => [o.id, o.status])).toEqual([
      [order.body.id, 'paid'],
    ]);

    const review = await client.http('POST', `${sf}/products/built-lamp/reviews`, {
      body: {
        orderId: order.body.id,
        orderToken: order.body.orderToken,
        rating: 5,
        body: 'Bright.',
        authorName: 'Shopper',
      },
    });
    expect(review.status).toBe(201);
    await client.http('PATCH', `/api/v1/stores/${store.id}/reviews/${review.body.id}`, {
      token: admin.token,
      body: { status: 'published' },
    });
    // The replica serves the read model's document with the new rating at once.
    const product = await request(`${replicaBase}${sf}/products/built-lamp`, 'GET');
    expect(product.body.rating).toEqual({ average: 5, count: 1 });

    // The customer's welcome email was rendered and sent from the build's templates.
    await waitFor(
      async () =>
        (
          await db.sql<{ status: string }>(
            `select status from notification where template = 'customer-welcome' and recipient = $1`,
            [email],
          )
        )[0]?.status === 'sent',
      30_000,
      'the customer-welcome email to be sent',
    );
  });

  it('sends a signed webhook for an order, retrying after a 5xx', async () => {
    const admin = await registerUser(client, 'Built Webhooks Admin');
    const store = await createStore(client, admin, 'USD');
    const path = `/built-${store.id}`;
    const made = await client.http('POST', `/api/v1/stores/${store.id}/webhooks`, {
      token: admin.token,
      body: { url: `${receiver.url}${path}`, events: ['order.created'] },
    });
    expect(made.status).toBe(201);
    const hook = made.body as { id: string; secret: string };
    receiver.answer(path, [500]);
    const [variant] = await productWithVariants(client, store.id, admin, [[1200, 5]]);
    const order = (await placeOrder(client, store.slug, [{ variantId: variant.id, quantity: 1 }]))
      .body;

    const attempts = await waitFor(
      async () => (receiver.at(path).length >= 2 ? receiver.at(path) : null),
      20_000,
      () => `two attempts at ${path} (got ${receiver.at(path).length})`,
    );
    expect(attempts).toHaveLength(2);
    expect(attempts[1].headers['webhook-id']).toBe(attempts[0].headers['webhook-id']);
    for (const attempt of attempts) expect(verified(attempt, hook.secret)).toEqual(attempt.body);
    const other = `whsec_${Buffer.alloc(24, 7).toString('base64')}`;
    expect(() => verified(attempts[1], other)).toThrow();
    const storeSide = await client.http('GET', `/api/v1/stores/${store.id}/orders/${order.id}`, {
      token: admin.token,
    });
    expect(attempts[1].body).toEqual({
      id: attempts[0].headers['webhook-id'],
      type: 'order.created',
      createdAt: expect.any(String),
      storeId: store.id,
      data: storeSide.body,
    });
    expect(storeSide.body.id).toBe(order.id);

    const [delivery] = await settled(
      client,
      admin.token,
      store.id,
      hook.id,
      (items) => items[0]?.status === 'succeeded',
    );
    expect(delivery).toMatchObject({
      eventId: attempts[0].headers['webhook-id'],
      eventType: 'order.created',
      attempts: 2,
      responseStatus: 200,
      lastError: null,
    });
  });

  it('exports orders to a CSV file and to Google Sheets', async () => {
    const admin = await registerUser(client, 'Built Exports Admin');
    const store = await createStore(client, admin, 'USD');
    const [variant] = await productWithVariants(client, store.id, admin, [[1999, 5]]);
    const order = (await placeOrder(client, store.slug, [{ variantId: variant.id, quantity: 2 }]))
      .body;

    const file = await exportOf(client, admin.token, store.id, { type: 'orders', format: 'csv' });
    expect(file).toMatchObject({ status: 'succeeded', rowCount: 1, error: null });
    const [header, ...rows] = await csvOf(client, admin.token, file);
    expect(header).toEqual(ORDER_COLUMNS);
    expect(rows).toHaveLength(1);
    const row = Object.fromEntries(header.map((name, i) => [name, rows[0][i]]));
    expect(row).toMatchObject({
      number: String(order.number),
      id: order.id,
      status: order.status,
      email: 'buyer@example.com',
      currency: 'USD',
      subtotal: '39.98',
      total: (order.total / 100).toFixed(2),
      shippingCountry: ADDRESS.country,
      createdAt: order.createdAt,
    });

    // The Sheets client is left outside the bundle and required at the first such export.
    const spreadsheetId = `built-${store.id}`;
    sheets.addSpreadsheet(spreadsheetId, ['Orders']);
    const sheet = await exportOf(client, admin.token, store.id, {
      type: 'orders',
      format: 'google-sheets',
      destination: { spreadsheetId, sheetName: 'Orders' },
    });
    expect(sheet).toMatchObject({ status: 'succeeded', rowCount: 1, fileUrl: null, error: null });
    expect(sheets.rows(spreadsheetId, 'Orders')).toEqual([header, ...rows]);
  });

  it('verifies a custom domain by its TXT record and serves the storefront at that host', async () => {
    const admin = await registerUser(client, 'Built Domains Admin');
    const store = await createStore(client, admin, 'USD');
    await productWithVariants(client, store.id, admin, [[1500, 3]], 'Built Domain Lamp');
    const hostname = `${unique('shop')}.example.com`;
    const added = await client.http('POST', `/api/v1/stores/${store.id}/domains`, {
      token: admin.token,
      body: { hostname },
    });
    expect(added.status).toBe(201);
    const { id, verification } = added.body as {
      id: string;
      verification: { name: string; value: string };
    };
    const products = `${base}/api/v1/storefront/products`;
    expect((await requestAsHost(products, hostname, 'GET')).status).toBe(404);

    dns.txt.set(verification.name, ['unrelated', verification.value]);
    const verify = await client.http('POST', `/api/v1/stores/${store.id}/domains/${id}/verify`, {
      token: admin.token,
    });
    expect(verify.status).toBe(200);
    expect(verify.body).toMatchObject({ hostname, status: 'verified' });
    expect(dns.asked).toContain(`TXT ${verification.name}`);

    const bySlug = await client.http('GET', `/api/v1/catalog/${store.slug}/products`);
    expect(bySlug.body.items.map((p: { title: string }) => p.title)).toEqual(['Built Domain Lamp']);
    const hosted = await requestAsHost(products, `${hostname.toUpperCase()}:443`, 'GET');
    expect(hosted.status).toBe(200);
    expect(hosted.body).toEqual(bySlug.body);
  });

  it('serves the OpenAPI document and problem bodies from the build', async () => {
    const docs = await client.http('GET', '/api/docs-json');
    expect(docs.status).toBe(200);
    expect(Object.keys(docs.body.paths)).toContain('/api/v1/payments/stripe/session');
    const missing = await client.http('GET', '/api/v1/stores/not-a-uuid', { token: 'nope' });
    expect(missing.status).toBe(401);
    expect(missing.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });
});
