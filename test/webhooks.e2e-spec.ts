import { RequestContext, StoreId, TenantTx } from '@silkcart/shared';
import { Webhook } from 'standardwebhooks';
import { OrderTransitions } from '../libs/ordering/src/application/order-transitions';
import {
  createStore,
  placeOrder,
  productWithVariants,
  registerUser,
  storeWithStaff,
  TestUser,
} from './support/fixtures';
import { request, waitFor } from './support/http';
import {
  Child,
  freePort,
  processEnv,
  startApiProcess,
  startWorkerProcess,
} from './support/processes';
import { withRedis } from './support/redis-server';
import { createTestDatabase, TestDatabase } from './support/test-db';
import { startTestApi, TestApi } from './support/test-api';
import { startWebhookReceiver, WebhookReceiver } from './support/webhook-receiver';
import { Delivery, settled, verified } from './support/webhooks';

// Outbound webhooks: a StoreAdmin's endpoints, signed deliveries to a local receiver (private
// targets allowed here, the backoff base 0.2 s), retries, and the refusal of private targets.
jest.setTimeout(60_000);

const NIL = '00000000-0000-4000-8000-000000000000';

describe('outbound webhooks (HTTP)', () => {
  let api: TestApi;
  let receiver: WebhookReceiver;
  let store: { id: string; slug: string };
  let users: Record<string, TestUser>;
  let admin: TestUser;
  let otherAdmin: TestUser;
  let otherStore: { id: string; slug: string };

  const hooks = (user: TestUser, method: string, path = '', body?: unknown, storeId = store.id) =>
    api.http(method, `/api/v1/stores/${storeId}/webhooks${path}`, { token: user.token, body });
  const newWebhook = async (
    body: { url: string; events: string[]; description?: string },
    user = admin,
    storeId = store.id,
  ) => {
    const res = await hooks(user, 'POST', '', body, storeId);
    if (res.status !== 201) throw new Error(`webhook: ${res.status} ${res.text}`);
    return res.body as { id: string; secret: string; url: string; events: string[] };
  };
  const deliveriesOf = (webhookId: string, done: (items: Delivery[]) => boolean, what?: string) =>
    settled(api, admin.token, store.id, webhookId, done, what);
  const received = (path: string, count: number) =>
    waitFor(
      async () => (receiver.at(path).length >= count ? receiver.at(path) : null),
      20_000,
      () => `${count} webhooks at ${path} (got ${receiver.at(path).length})`,
    );
  const transition = (orderId: string, to: 'paid') =>
    api.app
      .get(TenantTx)
      .run(RequestContext.system('test', store.id as StoreId), (ctx) =>
        api.app.get(OrderTransitions).apply(ctx, orderId, to),
      );

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    api = await startTestApi({
      env: {
        AUTH_RATE_LIMIT: '100000',
        WEBHOOK_ALLOW_PRIVATE: 'true',
        WEBHOOK_RETRY_BASE_SECONDS: '0.2',
      },
    });
    ({ store, users } = await storeWithStaff(api));
    admin = users.StoreAdmin;
    otherAdmin = await registerUser(api, 'Other Admin');
    otherStore = await createStore(api, otherAdmin);
  });
  afterAll(async () => {
    await api?.close();
    await receiver?.close();
  });

  it('creates an endpoint with the contract shape, shows its secret once, lists, changes and deletes it', async () => {
    const created = await newWebhook({
      url: `${receiver.url}/crud`,
      events: ['order.paid', 'order.created', 'order.paid'],
      description: 'ERP sync',
    });
    expect(created).toEqual({
      id: expect.any(String),
      url: `${receiver.url}/crud`,
      events: ['order.paid', 'order.created'],
      description: 'ERP sync',
      enabled: true,
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{32}$/),
      createdAt: expect.any(String),
    });
    expect(Buffer.from(created.secret.slice(6), 'base64')).toHaveLength(24);

    const list = await hooks(admin, 'GET');
    expect(list.status).toBe(200);
    const listed = list.body.items.find((w: { id: string }) => w.id === created.id);
    expect(listed).toEqual({ ...created, secret: undefined });
    expect(list.body.items.every((w: object) => !('secret' in w))).toBe(true);
    expect(list.text).not.toContain(created.secret);

    const patched = await hooks(admin, 'PATCH', `/${created.id}`, {
      events: ['product.updated'],
      enabled: false,
      description: null,
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toEqual({
      ...created,
      secret: undefined,
      events: ['product.updated'],
      enabled: false,
      description: null,
    });
    expect(JSON.stringify(patched.body)).not.toContain(created.secret);
    const moved = await hooks(admin, 'PATCH', `/${created.id}`, { url: `${receiver.url}/moved` });
    expect(moved.body).toMatchObject({ url: `${receiver.url}/moved`, enabled: false });

    const none = await hooks(admin, 'GET', `/${created.id}/deliveries`);
    expect(none.body).toEqual({ items: [], total: 0, page: 1, limit: 20 });

    expect((await hooks(admin, 'DELETE', `/${created.id}`)).status).toBe(204);
    expect((await hooks(admin, 'DELETE', `/${created.id}`)).status).toBe(404);
    expect((await hooks(admin, 'PATCH', `/${created.id}`, { enabled: true })).status).toBe(404);
    expect((await hooks(admin, 'GET', `/${created.id}/deliveries`)).status).toBe(404);
  });

  it('refuses a URL that is not http(s), missing or unknown event types and unknown fields (400)', async () => {
    const refused = async (body: unknown, field: string, method = 'POST', path = '') => {
      const res = await hooks(admin, method, path, body);
      expect([res.status, res.headers.get('content-type')]).toEqual([
        400,
        expect.stringContaining('application/problem+json'),
      ]);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      return res.body.errors.find((e: { field: string }) => e.field === field).message as string;
    };
    const url = `${receiver.url}/valid`;
    await refused({ url: 'ftp://files.example.com/x', events: ['order.paid'] }, 'url');
    await refused({ url: 'javascript:alert(1)', events: ['order.paid'] }, 'url');
    await refused({ url: 'not a url', events: ['order.paid'] }, 'url');
    await refused({ events: ['order.paid'] }, 'url');
    await refused({ url, events: [] }, 'events');
    await refused({ url }, 'events');
    expect(await refused({ url, events: ['order.paid', 'order.shipped'] }, 'events')).toContain(
      'order.shipped',
    );
    await refused({ url, events: ['order.paid'], storeId: otherStore.id }, 'storeId');
    await refused({ url, events: ['order.paid'], description: null }, 'description');

    const hook = await newWebhook({ url, events: ['order.paid'] });
    expect(await refused({ events: ['nope'] }, 'events', 'PATCH', `/${hook.id}`)).toContain('nope');
    await refused({ url: 'ftp://x.example.com' }, 'url', 'PATCH', `/${hook.id}`);
    await refused({ enabled: null }, 'enabled', 'PATCH', `/${hook.id}`);
    await refused({ secret: 'whsec_x' }, 'secret', 'PATCH', `/${hook.id}`);
    const badStatus = await hooks(admin, 'GET', `/${hook.id}/deliveries?status=delivered`);
    expect(badStatus.status).toBe(400);
    expect((await hooks(admin, 'GET', `/${hook.id}/deliveries?limit=101`)).status).toBe(400);
    await hooks(admin, 'DELETE', `/${hook.id}`);
  });

  it('is for StoreAdmins only (403, before validation), and a non-member gets 404', async () => {
    const routes: Array<[string, string, unknown?]> = [
      ['POST', '', { url: `${receiver.url}/x`, events: ['order.paid'] }],
      ['GET', ''],
      ['PATCH', `/${NIL}`, { events: ['not.an.event'] }],
      ['DELETE', `/${NIL}`],
      ['GET', `/${NIL}/deliveries?status=not-a-status`],
      ['POST', `/${NIL}/deliveries/${NIL}/retry`],
    ];
    for (const [method, path, body] of routes) {
      for (const role of ['Manager', 'Staff', 'Viewer']) {
        const res = await hooks(users[role], method, path, body);
        expect([method, path, role, res.status]).toEqual([method, path, role, 403]);
      }
      const outsider = await hooks(users.outsider, method, path, body);
      expect([method, path, 'outsider', outsider.status]).toEqual([method, path, 'outsider', 404]);
    }
    // The StoreAdmin gets as far as the body and the query (what the roles matrix relies on).
    expect((await hooks(admin, 'PATCH', `/${NIL}`, { events: ['not.an.event'] })).status).toBe(400);
    expect((await hooks(admin, 'GET', `/${NIL}/deliveries?status=not-a-status`)).status).toBe(400);
    expect((await hooks(admin, 'PATCH', `/${NIL}`, { enabled: false })).status).toBe(404);
  });

  it("answers 404 for another store's webhook or delivery, and for ids that are not UUIDs", async () => {
    const theirs = await newWebhook(
      { url: `${receiver.url}/theirs`, events: ['product.created'] },
      otherAdmin,
      otherStore.id,
    );
    await productWithVariants(api, otherStore.id, otherAdmin, [[100, 5]]);
    const [delivery] = await settled(
      api,
      otherAdmin.token,
      otherStore.id,
      theirs.id,
      (items) => items.length === 1 && items[0].status === 'succeeded',
    );
    for (const [method, path, body] of [
      ['PATCH', `/${theirs.id}`, { enabled: false }],
      ['DELETE', `/${theirs.id}`],
      ['GET', `/${theirs.id}/deliveries`],
      ['POST', `/${theirs.id}/deliveries/${delivery.id}/retry`],
      ['PATCH', '/not-a-uuid', { enabled: false }],
      ['GET', '/not-a-uuid/deliveries'],
    ] as Array<[string, string, unknown?]>) {
      const res = await hooks(admin, method, path, body);
      expect([method, path, res.status]).toEqual([method, path, 404]);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    const mine = await newWebhook({ url: `${receiver.url}/mine`, events: ['order.paid'] });
    const crossed = await hooks(admin, 'POST', `/${mine.id}/deliveries/${delivery.id}/retry`);
    expect(crossed.status).toBe(404);
    expect((await hooks(admin, 'GET')).body.items.map((w: { id: string }) => w.id)).not.toContain(
      theirs.id,
    );
    await hooks(admin, 'DELETE', `/${mine.id}`);
    await hooks(otherAdmin, 'DELETE', `/${theirs.id}`, undefined, otherStore.id);
  });

  it('delivers a signed event, retrying 5xx answers with backoff until a 2xx, with one webhook-id', async () => {
    // Another store's endpoint listens to everything: it must never hear this store's events.
    const foreign = await newWebhook(
      { url: `${receiver.url}/foreign`, events: ['order.created', 'product.created'] },
      otherAdmin,
      otherStore.id,
    );
    const hook = await newWebhook({ url: `${receiver.url}/retry`, events: ['order.created'] });
    receiver.answer('/retry', [500, 500]);
    const [variant] = await productWithVariants(api, store.id, admin, [[1500, 10]]);
    const order = await placeOrder(api, store.slug, [{ variantId: variant.id, quantity: 1 }]);
    expect(order.status).toBe(201);

    const attempts = await received('/retry', 3);
    expect(attempts).toHaveLength(3);
    const ids = new Set(attempts.map((a) => a.headers['webhook-id']));
    expect(ids.size).toBe(1);
    // Doubling from 0.2 s: at least ~0.2 s, then ~0.4 s between attempts.
    expect(attempts[1].at - attempts[0].at).toBeGreaterThanOrEqual(150);
    expect(attempts[2].at - attempts[1].at).toBeGreaterThanOrEqual(350);
    for (const attempt of attempts) {
      expect(attempt.headers).toMatchObject({
        'content-type': 'application/json',
        'user-agent': 'SilkCart-Webhooks/1',
        'webhook-timestamp': expect.stringMatching(/^\d{10}$/),
        'webhook-signature': expect.stringMatching(/^v1,[A-Za-z0-9+/=]+$/),
      });
      expect(
        Math.abs(Number(attempt.headers['webhook-timestamp']) - Date.now() / 1000),
      ).toBeLessThan(30);
      expect(attempt.raw).toBe(attempts[0].raw);
      expect(verified(attempt, hook.secret)).toEqual(attempt.body);
    }
    expect(() =>
      new Webhook(`whsec_${Buffer.alloc(24, 1).toString('base64')}`).verify(
        attempts[2].raw,
        attempts[2].headers,
      ),
    ).toThrow();
    const body = attempts[2].body;
    expect(body).toEqual({
      id: attempts[0].headers['webhook-id'],
      type: 'order.created',
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      storeId: store.id,
      data: expect.objectContaining({ id: order.body.id, number: order.body.number }),
    });
    const storeSide = await api.http('GET', `/api/v1/stores/${store.id}/orders/${order.body.id}`, {
      token: admin.token,
    });
    expect(body.data).toEqual(storeSide.body);

    const [delivery] = await deliveriesOf(hook.id, (items) => items[0]?.status === 'succeeded');
    expect(delivery).toEqual({
      id: expect.any(String),
      eventId: body.id,
      eventType: 'order.created',
      status: 'succeeded',
      attempts: 3,
      responseStatus: 200,
      lastError: null,
      createdAt: expect.any(String),
      nextAttemptAt: null,
      deliveredAt: expect.any(String),
    });
    expect((await hooks(admin, 'GET', `/${hook.id}/deliveries?status=failed`)).body.total).toBe(0);

    expect(receiver.at('/foreign')).toEqual([]);
    const foreignDeliveries = await hooks(
      otherAdmin,
      'GET',
      `/${foreign.id}/deliveries`,
      undefined,
      otherStore.id,
    );
    expect(foreignDeliveries.body.total).toBe(0);
    // Nor does it see this store's deliveries in the database under its own store.
    const rows = await api.db.sql<{ n: number }>(
      `select count(*)::int as n from webhook_delivery where endpoint_id = $1`,
      [foreign.id],
    );
    expect(rows[0].n).toBe(0);

    // A manual retry: 202, one more attempt with the same id, and the rest unchanged.
    const retried = await hooks(admin, 'POST', `/${hook.id}/deliveries/${delivery.id}/retry`);
    expect(retried.status).toBe(202);
    const again = await received('/retry', 4);
    expect(again[3].headers['webhook-id']).toBe(body.id);
    expect(again[3].raw).toBe(attempts[0].raw);
    const [after] = await deliveriesOf(hook.id, (items) => items[0]?.attempts === 4);
    expect(after).toMatchObject({ status: 'succeeded', attempts: 4, responseStatus: 200 });
    await hooks(otherAdmin, 'DELETE', `/${foreign.id}`, undefined, otherStore.id);
  });

  it("sends order.paid, product.updated, inventory.low_stock and review.created with the contract's data", async () => {
    const hook = await newWebhook({
      url: `${receiver.url}/data`,
      events: ['order.paid', 'product.updated', 'inventory.low_stock', 'review.created'],
    });
    const [variant] = await productWithVariants(api, store.id, admin, [[2500, 6]]);
    const product = (
      await api.http('GET', `/api/v1/stores/${store.id}/products?q=${variant.sku}`, {
        token: admin.token,
      })
    ).body.items[0];
    const renamed = await api.http('PATCH', `/api/v1/stores/${store.id}/products/${product.id}`, {
      token: admin.token,
      body: { title: 'Renamed for webhooks' },
    });
    expect(renamed.status).toBe(200);
    // `data` is read when the event is handled: let it be handled before the stock moves.
    await received('/data', 1);
    // 6 → 2: the variant falls to its threshold (2).
    const order = await placeOrder(api, store.slug, [{ variantId: variant.id, quantity: 4 }]);
    expect(order.status).toBe(201);
    await transition(order.body.id, 'paid');
    const review = await api.http(
      'POST',
      `/api/v1/catalog/${store.slug}/products/${product.slug}/reviews`,
      {
        body: {
          orderId: order.body.id,
          orderToken: order.body.orderToken,
          rating: 4,
          title: 'Good',
          body: 'Fits well',
          authorName: 'Ada',
        },
      },
    );
    expect(review.status).toBe(201);

    await received('/data', 4);
    const byType = (type: string) =>
      receiver.at('/data').find((h) => h.body.type === type && h.body.storeId === store.id);
    for (const hookBody of receiver.at('/data')) verified(hookBody, hook.secret);

    const productNow = await api.http('GET', `/api/v1/stores/${store.id}/products/${product.id}`, {
      token: admin.token,
    });
    expect(byType('product.updated')?.body.data).toEqual(renamed.body);
    expect(byType('product.updated')?.body.data.title).toBe('Renamed for webhooks');
    expect(productNow.body.title).toBe('Renamed for webhooks');

    expect(byType('inventory.low_stock')?.body.data).toEqual({
      variantId: variant.id,
      productId: product.id,
      sku: variant.sku,
      stock: 2,
      lowStockThreshold: 2,
    });

    const orderNow = await api.http('GET', `/api/v1/stores/${store.id}/orders/${order.body.id}`, {
      token: admin.token,
    });
    expect(orderNow.body.status).toBe('paid');
    expect(byType('order.paid')?.body.data).toEqual(orderNow.body);

    const reviews = await api.http(
      'GET',
      `/api/v1/stores/${store.id}/reviews?productId=${product.id}`,
      {
        token: admin.token,
      },
    );
    expect(byType('review.created')?.body.data).toEqual(reviews.body.items[0]);
    expect(byType('review.created')?.body.data).toMatchObject({
      id: review.body.id,
      status: 'pending',
      rating: 4,
      orderId: order.body.id,
      productId: product.id,
    });

    // Newest first; every one delivered at the first attempt.
    const items = await deliveriesOf(
      hook.id,
      (list) => list.length === 4 && list.every((d) => d.status === 'succeeded'),
    );
    const created = items.map((d) => d.createdAt);
    expect(created).toEqual([...created].sort().reverse());
    expect(items.map((d) => d.attempts)).toEqual([1, 1, 1, 1]);
    expect(items.map((d) => d.eventType).sort()).toEqual([
      'inventory.low_stock',
      'order.paid',
      'product.updated',
      'review.created',
    ]);
    const page = await hooks(admin, 'GET', `/${hook.id}/deliveries?page=2&limit=3`);
    expect(page.body).toMatchObject({ total: 4, page: 2, limit: 3 });
    expect(page.body.items).toEqual([items[3]]);

    // A delivery that failed for good and is retried by hand: succeeded when it is answered.
    const paid = items.find((d) => d.eventType === 'order.paid') as Delivery;
    await api.db.sql(
      `update webhook_delivery set status = 'failed', attempts = 8, delivered_at = null,
              response_status = 500, last_error = 'the endpoint answered 500' where id = $1`,
      [paid.id],
    );
    const before = receiver.at('/data').length;
    expect((await hooks(admin, 'POST', `/${hook.id}/deliveries/${paid.id}/retry`)).status).toBe(
      202,
    );
    const [revived] = await deliveriesOf(
      hook.id,
      (list) => list.find((d) => d.id === paid.id)?.status === 'succeeded',
      'the retried delivery to succeed',
    ).then((list) => list.filter((d) => d.id === paid.id));
    expect(revived).toMatchObject({
      status: 'succeeded',
      attempts: 9,
      responseStatus: 200,
      lastError: null,
      deliveredAt: expect.any(String),
    });
    const resent = receiver.at('/data').slice(before);
    expect(resent).toHaveLength(1);
    expect(resent[0].headers['webhook-id']).toBe(paid.eventId);
  });

  it('gives up on an attempt the receiver does not answer within 10 s, and retries it', async () => {
    const hook = await newWebhook({ url: `${receiver.url}/slow`, events: ['product.created'] });
    receiver.answer('/slow', [0]);
    await productWithVariants(api, store.id, admin, [[100, 5]]);
    const [first] = await received('/slow', 1);
    const [timedOut] = await deliveriesOf(
      hook.id,
      (items) => items[0]?.attempts >= 1 && items[0]?.lastError !== null,
    );
    expect(timedOut).toMatchObject({
      status: 'pending',
      responseStatus: null,
      lastError: 'no answer within 10 s',
    });
    const given = await received('/slow', 2);
    expect(given[1].at - first.at).toBeGreaterThanOrEqual(10_000);
    const [done] = await deliveriesOf(hook.id, (items) => items[0]?.status === 'succeeded');
    expect(done).toMatchObject({ attempts: 2, responseStatus: 200, lastError: null });
    await hooks(admin, 'DELETE', `/${hook.id}`);
  }, 40_000);

  it('does not send to a disabled endpoint', async () => {
    const hook = await newWebhook({ url: `${receiver.url}/disabled`, events: ['product.created'] });
    await hooks(admin, 'PATCH', `/${hook.id}`, { enabled: false });
    // By name: the connection goes to the addresses looked up (and checked) before it.
    const watcher = await newWebhook({
      url: `http://localhost:${receiver.port}/watcher`,
      events: ['product.created'],
    });
    await productWithVariants(api, store.id, admin, [[100, 5]]);
    await received('/watcher', 1);
    expect(receiver.at('/disabled')).toEqual([]);
    expect((await hooks(admin, 'GET', `/${hook.id}/deliveries`)).body.total).toBe(0);
    await hooks(admin, 'DELETE', `/${hook.id}`);
    await hooks(admin, 'DELETE', `/${watcher.id}`);
  });

  describe('with private targets refused (the default)', () => {
    let strict: TestApi;
    let strictAdmin: TestUser;
    let strictStore: { id: string; slug: string };

    beforeAll(async () => {
      strict = await startTestApi({
        env: { AUTH_RATE_LIMIT: '100000', WEBHOOK_RETRY_BASE_SECONDS: '0.2' },
      });
      strictAdmin = await registerUser(strict, 'Strict Admin');
      strictStore = await createStore(strict, strictAdmin);
    });
    afterAll(() => strict?.close());

    it('fails a delivery to a URL resolving to a loopback, private or metadata address, saying why', async () => {
      const make = async (url: string) => {
        const res = await strict.http('POST', `/api/v1/stores/${strictStore.id}/webhooks`, {
          token: strictAdmin.token,
          body: { url, events: ['product.created'] },
        });
        expect(res.status).toBe(201);
        return res.body.id as string;
      };
      const byName = await make(`http://localhost:${receiver.port}/ssrf`);
      const byAddress = await make(`http://127.0.0.1:${receiver.port}/ssrf-ip`);
      const metadata = await make('http://169.254.169.254/latest/meta-data/');
      const mapped = await make(`http://[::ffff:127.0.0.1]:${receiver.port}/ssrf-mapped`);
      await productWithVariants(strict, strictStore.id, strictAdmin, [[100, 5]]);

      const failed = (id: string) =>
        settled(
          strict,
          strictAdmin.token,
          strictStore.id,
          id,
          (items) => items[0]?.status === 'failed',
          'a refused delivery',
        ).then((items) => items[0]);
      const refusedByName = await failed(byName);
      expect(refusedByName).toMatchObject({ status: 'failed', attempts: 1, responseStatus: null });
      expect(refusedByName.lastError).toMatch(
        /^refused: localhost resolves to (127\.0\.0\.1|::1), a loopback address$/,
      );
      expect((await failed(byAddress)).lastError).toBe('refused: 127.0.0.1 is a loopback address');
      expect((await failed(metadata)).lastError).toBe(
        'refused: 169.254.169.254 is the cloud metadata address',
      );
      expect((await failed(mapped)).lastError).toMatch(
        /^refused: .+ is an IPv4-mapped form of a loopback address$/,
      );

      // A retry by hand is one more attempt, refused the same way.
      const retried = await strict.http(
        'POST',
        `/api/v1/stores/${strictStore.id}/webhooks/${byAddress}/deliveries/${(await failed(byAddress)).id}/retry`,
        { token: strictAdmin.token },
      );
      expect(retried.status).toBe(202);
      const [again] = await settled(
        strict,
        strictAdmin.token,
        strictStore.id,
        byAddress,
        (items) => items[0]?.attempts === 2,
      );
      expect(again).toMatchObject({ status: 'failed', attempts: 2 });
      expect(receiver.received.filter((r) => r.path.startsWith('/ssrf'))).toEqual([]);
    });
  });

  // Retries queued by the schedule the worker installs in BullMQ, attempts run by its consumers.
  withRedis(Boolean(process.env.REDIS_URL))('with the BullMQ worker', () => {
    let db: TestDatabase;
    let apiProcess: Child;
    let worker: Child;
    let base: string;

    beforeAll(async () => {
      db = await createTestDatabase();
      const port = await freePort();
      base = `http://127.0.0.1:${port}/api/v1`;
      const env = processEnv(db.url, port, {
        WEBHOOK_ALLOW_PRIVATE: 'true',
        WEBHOOK_RETRY_BASE_SECONDS: '0.2',
        AUTH_RATE_LIMIT: '100000',
      });
      apiProcess = await startApiProcess(env);
      worker = await startWorkerProcess(env);
    }, 90_000);
    afterAll(async () => {
      await worker?.kill();
      await apiProcess?.kill();
      await db?.drop();
    });

    it('retries a failing endpoint until it answers 2xx', async () => {
      const call = async (method: string, path: string, token?: string, body?: unknown) => {
        const res = await request(`${base}${path}`, method, { token, body });
        if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.text}`);
        return res.body;
      };
      const email = `worker-${Date.now()}@example.com`;
      const { accessToken } = await call('POST', '/auth/register', undefined, {
        email,
        password: 'correct horse battery',
        name: 'Worker Admin',
      });
      const own = await call('POST', '/stores', accessToken, {
        name: 'Worker store',
        slug: `worker-${Date.now()}`,
        currency: 'USD',
      });
      const hook = await call('POST', `/stores/${own.id}/webhooks`, accessToken, {
        url: `${receiver.url}/worker`,
        events: ['product.created'],
      });
      receiver.answer('/worker', [503, 502]);
      await call('POST', `/stores/${own.id}/products`, accessToken, {
        title: 'Queued',
        status: 'draft',
      });
      const attempts = await received('/worker', 3);
      expect(new Set(attempts.map((a) => a.headers['webhook-id'])).size).toBe(1);
      expect(verified(attempts[2], hook.secret)).toMatchObject({ type: 'product.created' });
      const delivered = await waitFor(async () => {
        const page = await call(
          'GET',
          `/stores/${own.id}/webhooks/${hook.id}/deliveries`,
          accessToken,
        );
        return page.items[0]?.status === 'succeeded' ? page.items[0] : null;
      }, 20_000);
      expect(delivered).toMatchObject({ attempts: 3, responseStatus: 200, lastError: null });
    }, 60_000);
  });
});
