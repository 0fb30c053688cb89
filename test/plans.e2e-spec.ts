import { DataSource } from 'typeorm';
import { Plans1763701500000 } from '../migrations/1763701500000-plans';
import {
  addMember,
  createStore,
  placeOrder,
  productWithVariants,
  registerUser,
  sentMail,
  storeWithStaff,
  TestUser,
  unique,
} from './support/fixtures';
import { waitFor, type HttpResult } from './support/http';
import { startTestApi, TestApi } from './support/test-api';

// Each suite starts an api and makes stores and users: more than the default 5 s on a busy host.
jest.setTimeout(60_000);

const OPERATOR_TOKEN = 'operator-token-for-plans-e2e';
const PLANS = {
  small: {
    products: { soft: 3, hard: 5 },
    members: { soft: 2, hard: 2 },
    apiKeys: { soft: null, hard: 1 },
    webhooks: { soft: null, hard: 1 },
    ordersPerMonth: { soft: null, hard: 2 },
  },
  roomy: { products: { soft: 1000, hard: 2000 } },
};
const NONE = { soft: null, hard: null };

/** The calendar month (UTC) of now, as the usage route answers it. */
function thisMonth() {
  const now = new Date();
  return {
    start: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString(),
    end: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString(),
  };
}

function expectPlanLimit(res: HttpResult, limit: string, used: number, hard: number) {
  expect({ status: res.status, type: res.headers.get('content-type') }).toEqual({
    status: 403,
    type: expect.stringMatching(/^application\/problem\+json/),
  });
  expect(res.body).toMatchObject({ status: 403, limit, used, hard });
  expect(res.body.type).toMatch(/\/plan-limit$/);
}

describe('plans and usage: defaults, no operator', () => {
  let api: TestApi;
  let store: { id: string; slug: string };
  let users: Record<string, TestUser>;
  const usage = (user: TestUser, storeId = store.id) =>
    api.http('GET', `/api/v1/stores/${storeId}/usage`, { token: user.token });

  beforeAll(async () => {
    api = await startTestApi({ env: { AUTH_RATE_LIMIT: '100000' } });
    ({ store, users } = await storeWithStaff(api));
  });
  afterAll(() => api.close());

  it('answers the usage of a new store: the default plan (enterprise), counts and no limits', async () => {
    const admin = users.StoreAdmin;
    const stores = `/api/v1/stores/${store.id}`;
    await productWithVariants(api, store.id, admin, [[500, 10]]);
    await productWithVariants(api, store.id, admin, [[700, 10]]);
    const archived = await api.http('POST', `${stores}/products`, {
      token: admin.token,
      body: { title: 'Old', status: 'archived' },
    });
    expect(archived.status).toBe(201);
    const key = await api.http('POST', `${stores}/api-keys`, {
      token: admin.token,
      body: { name: 'k', type: 'secret' },
    });
    expect(key.status).toBe(201);
    const hook = await api.http('POST', `${stores}/webhooks`, {
      token: admin.token,
      body: { url: 'https://hooks.example.com/plans', events: ['order.paid'] },
    });
    expect(hook.status).toBe(201);
    const [variant] = await productWithVariants(api, store.id, admin, [[100, 10]]);
    expect(
      (await placeOrder(api, store.slug, [{ variantId: variant.id, quantity: 1 }])).status,
    ).toBe(201);

    const res = await usage(users.Viewer);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      plan: 'enterprise',
      period: thisMonth(),
      limits: {
        products: { used: 3, ...NONE },
        members: { used: 4, ...NONE },
        apiKeys: { used: 1, ...NONE },
        webhooks: { used: 1, ...NONE },
        ordersPerMonth: { used: 1, ...NONE },
      },
    });
  });

  it('is for members only (404 for anyone else, any role may read)', async () => {
    for (const role of ['StoreAdmin', 'Manager', 'Staff', 'Viewer']) {
      expect([role, (await usage(users[role])).status]).toEqual([role, 200]);
    }
    expect((await usage(users.outsider)).status).toBe(404);
    const other = await createStore(api, users.outsider);
    expect((await usage(users.Viewer, other.id)).status).toBe(404);
    expect((await usage(users.outsider, other.id)).body.limits.members.used).toBe(1);
    expect((await api.http('GET', `/api/v1/stores/${store.id}/usage`)).status).toBe(401);
  });

  it('answers 404 on /operator/* while OPERATOR_TOKEN is not set', async () => {
    for (const token of [undefined, 'anything-at-all-here', users.StoreAdmin.token]) {
      const res = await api.http('PUT', `/api/v1/operator/stores/${store.id}/plan`, {
        token,
        body: { plan: 'free' },
      });
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    expect((await usage(users.Viewer)).body.plan).toBe('enterprise');
  });

  it('counts archiving and un-archiving, removals and revocations', async () => {
    const admin = users.StoreAdmin;
    const stores = `/api/v1/stores/${store.id}`;
    const before = (await usage(admin)).body.limits;
    const made = await api.http('POST', `${stores}/products`, {
      token: admin.token,
      body: { title: 'Counted', status: 'draft' },
    });
    expect((await usage(admin)).body.limits.products.used).toBe(before.products.used + 1);
    await api.http('DELETE', `${stores}/products/${made.body.id}`, { token: admin.token });
    // Archiving twice gives back one.
    await api.http('DELETE', `${stores}/products/${made.body.id}`, { token: admin.token });
    expect((await usage(admin)).body.limits.products.used).toBe(before.products.used);
    await api.http('PATCH', `${stores}/products/${made.body.id}`, {
      token: admin.token,
      body: { status: 'active' },
    });
    expect((await usage(admin)).body.limits.products.used).toBe(before.products.used + 1);
    await api.http('PATCH', `${stores}/products/${made.body.id}`, {
      token: admin.token,
      body: { status: 'archived' },
    });
    await api.http('DELETE', `${stores}/members/${users.Staff.id}`, { token: admin.token });
    const keys = await api.http('GET', `${stores}/api-keys`, { token: admin.token });
    await api.http('DELETE', `${stores}/api-keys/${keys.body.items[0].id}`, { token: admin.token });
    const hooks = await api.http('GET', `${stores}/webhooks`, { token: admin.token });
    await api.http('DELETE', `${stores}/webhooks/${hooks.body.items[0].id}`, {
      token: admin.token,
    });
    expect((await usage(admin)).body.limits).toEqual({
      ...before,
      products: { used: before.products.used, ...NONE },
      members: { used: before.members.used - 1, ...NONE },
      apiKeys: { used: before.apiKeys.used - 1, ...NONE },
      webhooks: { used: before.webhooks.used - 1, ...NONE },
    });
    await addMember(api, store.id, admin, users.Staff, 'Staff');
  });

  it('the migration counts what existing stores hold', async () => {
    const answered = (await usage(users.StoreAdmin)).body.limits;
    const ds = new DataSource({ type: 'postgres', url: api.db.url });
    await ds.initialize();
    const runner = ds.createQueryRunner();
    try {
      await runner.startTransaction();
      const migration = new Plans1763701500000();
      await migration.down(runner);
      await migration.up(runner);
      await runner.commitTransaction();
    } finally {
      await runner.release();
      await ds.destroy();
    }
    expect((await usage(users.StoreAdmin)).body).toEqual({
      plan: 'enterprise',
      period: thisMonth(),
      limits: answered,
    });
    expect(answered).toMatchObject({
      products: { used: 3 },
      members: { used: 4 },
      apiKeys: { used: 0 },
      webhooks: { used: 0 },
      ordersPerMonth: { used: 1 },
    });
  });
});

// A malformed PLANS or an unknown DEFAULT_PLAN stops the app while Nest builds it (see
// libs/tenancy/src/application/usage.spec.ts): not started here, as an app that fails half-built
// leaves its database connections open.

describe('plans and usage: PLANS, DEFAULT_PLAN and the operator', () => {
  let api: TestApi;
  let admin: TestUser;
  const stores = (storeId: string) => `/api/v1/stores/${storeId}`;
  const usage = (storeId: string, user = admin) =>
    api.http('GET', `${stores(storeId)}/usage`, { token: user.token });
  /** `token` null: no Authorization header. */
  const operator = (storeId: string, body: unknown, token: string | null = OPERATOR_TOKEN) =>
    api.http('PUT', `/api/v1/operator/stores/${storeId}/plan`, { token: token ?? undefined, body });
  const countProducts = async (storeId: string) =>
    (
      await api.db.sql<{ n: number }>(
        `select count(*)::int as n from product where store_id = $1 and status <> 'archived'`,
        [storeId],
      )
    )[0].n;
  const planLimitMails = (to: string, subject: string) =>
    sentMail(api, to).filter((m) => m.template === 'plan-limit' && m.subject === subject);
  const settle = () => new Promise((r) => setTimeout(r, 600));

  beforeAll(async () => {
    api = await startTestApi({
      env: {
        AUTH_RATE_LIMIT: '100000',
        OPERATOR_TOKEN,
        PLANS: JSON.stringify(PLANS),
        DEFAULT_PLAN: 'small',
      },
    });
    admin = await registerUser(api, 'Plan Admin');
  });
  afterAll(() => api.close());

  it('gives a new store DEFAULT_PLAN with the limits of PLANS', async () => {
    const store = await createStore(api, admin);
    const res = await usage(store.id);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      plan: 'small',
      period: thisMonth(),
      limits: {
        products: { used: 0, soft: 3, hard: 5 },
        members: { used: 1, soft: 2, hard: 2 },
        apiKeys: { used: 0, soft: null, hard: 1 },
        webhooks: { used: 0, soft: null, hard: 1 },
        ordersPerMonth: { used: 0, soft: null, hard: 2 },
      },
    });
    expect((await api.db.sql(`select plan from store where id = $1`, [store.id]))[0]).toEqual({
      plan: 'small',
    });
  });

  it('lets only the operator bearer change a plan', async () => {
    const store = await createStore(api, admin);
    for (const token of [null, 'not-the-operator-token', admin.token, `${OPERATOR_TOKEN}x`]) {
      const res = await operator(store.id, { plan: 'roomy' }, token);
      expect([token, res.status]).toEqual([token, 401]);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    // Authorization before validation: a wrong bearer with a bad body is still a 401.
    expect((await operator(store.id, { plan: 7 }, 'wrong-token-wrong-token')).status).toBe(401);
    expect((await usage(store.id)).body.plan).toBe('small');

    const unknown = await operator(store.id, { plan: 'gold' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([{ field: 'plan', message: expect.any(String) }]);
    const extra = await operator(store.id, { plan: 'roomy', storeId: store.id });
    expect(extra.status).toBe(400);
    expect(extra.body.errors.map((e: { field: string }) => e.field)).toEqual(['storeId']);
    expect((await operator(store.id, {})).status).toBe(400);
    expect((await operator('00000000-0000-4000-8000-000000000000', { plan: 'roomy' })).status).toBe(
      404,
    );
    expect((await operator('00000000-0000-4000-8000-000000000000', { plan: 'gold' })).status).toBe(
      404,
    );
    expect((await operator('not-a-uuid', { plan: 'roomy' })).status).toBe(404);

    const changed = await operator(store.id, { plan: 'roomy' });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({
      plan: 'roomy',
      period: thisMonth(),
      limits: {
        products: { used: 0, soft: 1000, hard: 2000 },
        members: { used: 1, ...NONE },
        apiKeys: { used: 0, ...NONE },
        webhooks: { used: 0, ...NONE },
        ordersPerMonth: { used: 0, ...NONE },
      },
    });
    expect((await usage(store.id)).body).toEqual(changed.body);
    // Back to a default plan of the contract's names is refused: PLANS replaced the table.
    expect((await operator(store.id, { plan: 'enterprise' })).status).toBe(400);
  });

  it('lets exactly the hard limit of 20 parallel product creations through', async () => {
    const store = await createStore(api, admin);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        api.http('POST', `${stores(store.id)}/products`, {
          token: admin.token,
          body: {
            title: `Parallel ${i}`,
            status: 'active',
            variants: [{ sku: unique('P'), price: 1, stock: 1 }],
          },
        }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([...Array(5).fill(201), ...Array(15).fill(403)]);
    for (const refused of results.filter((r) => r.status === 403)) {
      expectPlanLimit(refused, 'products', 5, 5);
    }
    // Nothing of the refused ones was written: no product, no variant.
    expect(await countProducts(store.id)).toBe(5);
    const variants = await api.db.sql<{ n: number }>(
      `select count(*)::int as n from variant where store_id = $1`,
      [store.id],
    );
    expect(variants[0].n).toBe(5);
    expect((await usage(store.id)).body.limits.products).toEqual({ used: 5, soft: 3, hard: 5 });

    // The soft limit (3) was reached once: one email to the StoreAdmin.
    const subject = `Store ${store.slug} reached its soft limit for products`;
    const [mail] = await waitFor(async () => {
      const mails = planLimitMails(admin.email, subject);
      return mails.length > 0 && mails;
    });
    expect(mail.text).toContain('Used: 3');
    expect(mail.text).toContain('Hard limit: 5');

    // Archiving frees one place; un-archiving at the limit is refused and changes nothing.
    const ids = results.filter((r) => r.status === 201).map((r) => r.body.id as string);
    expect(
      (await api.http('DELETE', `${stores(store.id)}/products/${ids[0]}`, { token: admin.token }))
        .status,
    ).toBe(204);
    expect((await usage(store.id)).body.limits.products.used).toBe(4);
    const again = await api.http('POST', `${stores(store.id)}/products`, {
      token: admin.token,
      body: { title: 'Again', status: 'draft' },
    });
    expect(again.status).toBe(201);
    expectPlanLimit(
      await api.http('POST', `${stores(store.id)}/products`, {
        token: admin.token,
        body: { title: 'One too many', status: 'draft' },
      }),
      'products',
      5,
      5,
    );
    expectPlanLimit(
      await api.http('PATCH', `${stores(store.id)}/products/${ids[0]}`, {
        token: admin.token,
        body: { status: 'active', title: 'Renamed' },
      }),
      'products',
      5,
      5,
    );
    const kept = await api.http('GET', `${stores(store.id)}/products/${ids[0]}`, {
      token: admin.token,
    });
    expect(kept.body.status).toBe('archived');
    expect(kept.body.title).toMatch(/^Parallel \d+$/);
    // An archived product is not counted: creating one at the limit is fine.
    expect(
      (
        await api.http('POST', `${stores(store.id)}/products`, {
          token: admin.token,
          body: { title: 'Archived at once', status: 'archived' },
        })
      ).status,
    ).toBe(201);
    expect(await countProducts(store.id)).toBe(5);

    await settle();
    expect(
      planLimitMails(admin.email, `Store ${store.slug} reached its soft limit for products`),
    ).toHaveLength(1);
  });

  it('holds the members, API keys and webhooks hard limits, freed by removals', async () => {
    const store = await createStore(api, admin);
    const [first, second] = [await registerUser(api), await registerUser(api)];
    const members = `${stores(store.id)}/members`;
    expect(
      (
        await api.http('POST', members, {
          token: admin.token,
          body: { email: first.email, role: 'Viewer' },
        })
      ).status,
    ).toBe(201);
    const refused = await api.http('POST', members, {
      token: admin.token,
      body: { email: second.email, role: 'Viewer' },
    });
    expectPlanLimit(refused, 'members', 2, 2);
    const held = await api.db.sql<{ n: number }>(
      `select count(*)::int as n from membership where store_id = $1`,
      [store.id],
    );
    expect(held[0].n).toBe(2);
    expect(
      (await api.http('DELETE', `${members}/${first.id}`, { token: admin.token })).status,
    ).toBe(204);
    await addMember(api, store.id, admin, second, 'Viewer');
    // members: soft 2 reached when the first member came in.
    const [mail] = await waitFor(async () => {
      const mails = planLimitMails(
        admin.email,
        `Store ${store.slug} reached its soft limit for members`,
      );
      return mails.length > 0 && mails;
    });
    expect(mail.text).toContain('Used: 2');

    const keys = `${stores(store.id)}/api-keys`;
    const parallel = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        api.http('POST', keys, { token: admin.token, body: { name: `k${i}`, type: 'secret' } }),
      ),
    );
    expect(parallel.map((r) => r.status).sort()).toEqual([201, 403, 403, 403, 403, 403]);
    expectPlanLimit(parallel.find((r) => r.status === 403) as HttpResult, 'apiKeys', 1, 1);
    const live = await api.http('GET', keys, { token: admin.token });
    expect(live.body.items).toHaveLength(1);
    expect(
      (await api.http('DELETE', `${keys}/${live.body.items[0].id}`, { token: admin.token })).status,
    ).toBe(204);
    expect(
      (
        await api.http('POST', keys, {
          token: admin.token,
          body: { name: 'k', type: 'publishable' },
        })
      ).status,
    ).toBe(201);

    const hooks = `${stores(store.id)}/webhooks`;
    const hook = (path: string) => ({
      token: admin.token,
      body: { url: `https://hooks.example.com/${path}`, events: ['order.paid'] },
    });
    const made = await api.http('POST', hooks, hook('one'));
    expect(made.status).toBe(201);
    expectPlanLimit(await api.http('POST', hooks, hook('two')), 'webhooks', 1, 1);
    expect((await api.http('GET', hooks, { token: admin.token })).body.items).toHaveLength(1);
    expect(
      (await api.http('DELETE', `${hooks}/${made.body.id}`, { token: admin.token })).status,
    ).toBe(204);
    expect((await api.http('POST', hooks, hook('three'))).status).toBe(201);

    expect((await usage(store.id)).body.limits).toEqual({
      products: { used: 0, soft: 3, hard: 5 },
      members: { used: 2, soft: 2, hard: 2 },
      apiKeys: { used: 1, soft: null, hard: 1 },
      webhooks: { used: 1, soft: null, hard: 1 },
      ordersPerMonth: { used: 0, soft: null, hard: 2 },
    });
    await settle();
    expect(
      planLimitMails(admin.email, `Store ${store.slug} reached its soft limit for members`),
    ).toHaveLength(1);
  });

  it('holds a monthly order limit set by PLANS, leaving stock untouched when refused', async () => {
    const store = await createStore(api, admin);
    const [variant] = await productWithVariants(api, store.id, admin, [[100, 10]]);
    const order = () => placeOrder(api, store.slug, [{ variantId: variant.id, quantity: 1 }]);
    expect((await order()).status).toBe(201);
    expect((await order()).status).toBe(201);
    expectPlanLimit(await order(), 'ordersPerMonth', 2, 2);
    const stock = await api.db.sql<{ stock: number }>(`select stock from variant where id = $1`, [
      variant.id,
    ]);
    expect(stock[0].stock).toBe(8);
    const orders = await api.db.sql<{ n: number }>(
      `select count(*)::int as n from customer_order where store_id = $1`,
      [store.id],
    );
    expect(orders[0].n).toBe(2);
    // A bigger plan lets orders through again.
    expect((await operator(store.id, { plan: 'roomy' })).body.limits.ordersPerMonth).toEqual({
      used: 2,
      ...NONE,
    });
    expect((await order()).status).toBe(201);
  });
});
