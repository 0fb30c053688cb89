import { Client } from 'pg';
import { placeOrder, productWithVariants, storeWithStaff, TestUser } from './support/fixtures';
import { startTestApi, TestApi } from './support/test-api';

/** The audit log: one entry per successful merchant write, in its transaction; append-only. */
describe('Audit log (HTTP)', () => {
  let api: TestApi;
  let store: { id: string; slug: string };
  let users: Record<string, TestUser>;

  const storeApi = (
    user: TestUser | string,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) =>
    api.http(method, `/api/v1/stores/${store.id}${path}`, {
      token: typeof user === 'string' ? user : user.token,
      body,
      headers,
    });
  const log = async (query = '') => {
    const res = await storeApi(users.StoreAdmin, 'GET', `/audit-log${query}`);
    expect(res.status).toBe(200);
    return res.body as {
      items: Array<Record<string, any>>;
      total: number;
      page: number;
      limit: number;
    };
  };
  const count = async () => (await log('?limit=1')).total;

  beforeAll(async () => {
    api = await startTestApi({ env: { AUTH_RATE_LIMIT: '100000' } });
    ({ store, users } = await storeWithStaff(api));
  });
  afterAll(() => api.close());

  it('records a create with its actor, resource, request id and no changes', async () => {
    const res = await storeApi(
      users.Manager,
      'POST',
      '/products',
      { title: 'Audited lamp', status: 'draft' },
      {
        'x-request-id': 'audit-create-1',
      },
    );
    expect(res.status).toBe(201);
    const { items } = await log(`?resourceId=${res.body.id}`);
    expect(items).toEqual([
      {
        id: expect.any(String),
        action: 'product.created',
        resourceType: 'product',
        resourceId: res.body.id,
        actor: { type: 'user', id: users.Manager.id, label: users.Manager.email },
        changes: null,
        requestId: 'audit-create-1',
        ip: expect.stringMatching(/127\.0\.0\.1/),
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      },
    ]);
  });

  it('records an update with [before, after] of each changed field only', async () => {
    const created = await storeApi(users.Manager, 'POST', '/products', {
      title: 'Old title',
      description: 'Same',
      status: 'draft',
    });
    const patched = await storeApi(users.Manager, 'PATCH', `/products/${created.body.id}`, {
      title: 'New title',
      description: 'Same',
    });
    expect(patched.status).toBe(200);
    const { items } = await log(`?action=product.updated&resourceId=${created.body.id}`);
    expect(items).toHaveLength(1);
    expect(items[0].changes).toEqual({ title: ['Old title', 'New title'] });
  });

  it('names store settings, member roles and variants by their own words', async () => {
    expect((await storeApi(users.StoreAdmin, 'PATCH', '', { name: 'Renamed store' })).status).toBe(
      200,
    );
    const [storeEntry] = (await log('?action=store.updated')).items;
    expect(storeEntry).toMatchObject({ resourceType: 'store', resourceId: store.id });
    expect(storeEntry.changes.name[1]).toBe('Renamed store');

    const staff = users.Staff;
    expect(
      (await storeApi(users.StoreAdmin, 'PATCH', `/members/${staff.id}`, { role: 'Manager' }))
        .status,
    ).toBe(200);
    expect(
      (await storeApi(users.StoreAdmin, 'PATCH', `/members/${staff.id}`, { role: 'Staff' })).status,
    ).toBe(200);
    const roles = (await log(`?action=member.role_changed&resourceId=${staff.id}`)).items;
    expect(roles.map((e) => e.changes)).toEqual([
      { role: ['Manager', 'Staff'] },
      { role: ['Staff', 'Manager'] },
    ]);
    expect((await log('?action=member.added')).total).toBe(3);

    const [variant] = await productWithVariants(api, store.id, users.StoreAdmin, [[1000, 5]]);
    const product = (await log('?action=product.created&limit=1')).items[0].resourceId;
    expect(
      (
        await storeApi(users.Manager, 'PATCH', `/products/${product}/variants/${variant.id}`, {
          price: 1200,
        })
      ).status,
    ).toBe(200);
    const [variantEntry] = (await log(`?action=variant.updated&resourceId=${variant.id}`)).items;
    expect(variantEntry.changes).toEqual({ price: [1000, 1200] });
  });

  it('records order actions and an API key as the actor, never the key itself', async () => {
    const created = await storeApi(users.StoreAdmin, 'POST', '/api-keys', {
      name: 'ERP',
      type: 'secret',
      role: 'Staff',
    });
    expect(created.status).toBe(201);
    const [keyEntry] = (await log('?action=api_key.created')).items;
    expect(keyEntry).toMatchObject({
      resourceType: 'api_key',
      resourceId: created.body.id,
      changes: null,
    });

    const [variant] = await productWithVariants(api, store.id, users.StoreAdmin, [[500, 5]]);
    const order = await placeOrder(api, store.slug, [{ variantId: variant.id, quantity: 1 }]);
    expect(order.status).toBe(201);
    // A storefront write is not the merchant's: no entry.
    expect((await log(`?resourceId=${order.body.id}`)).total).toBe(0);
    await api.db.sql(`update customer_order set status = 'paid' where id = $1`, [order.body.id]);
    const fulfilled = await storeApi(
      created.body.key,
      'POST',
      `/orders/${order.body.id}/fulfil`,
      {},
    );
    expect(fulfilled.status).toBe(200);
    const [entry] = (await log(`?resourceId=${order.body.id}`)).items;
    expect(entry).toMatchObject({
      action: 'order.fulfilled',
      resourceType: 'order',
      actor: { type: 'api_key', id: created.body.id, label: 'ERP' },
      changes: null,
    });
    expect((await log(`?actorId=${created.body.id}`)).total).toBe(1);
    const everything = JSON.stringify((await log('?limit=100')).items);
    expect(everything).not.toContain(created.body.key);
    expect(everything).not.toContain('keyHash');
  });

  it('writes nothing for a refused write or a replayed answer', async () => {
    const before = await count();
    expect(
      (await storeApi(users.Manager, 'POST', '/products', { title: '', status: 'draft' })).status,
    ).toBe(400);
    expect(
      (await storeApi(users.Viewer, 'POST', '/products', { title: 'No', status: 'draft' })).status,
    ).toBe(403);
    expect(
      (await storeApi(users.StoreAdmin, 'POST', '/categories', { name: 'Dup', slug: 'dup' }))
        .status,
    ).toBe(201);
    expect(
      (await storeApi(users.StoreAdmin, 'POST', '/categories', { name: 'Dup', slug: 'dup' }))
        .status,
    ).toBe(409);
    expect(
      (
        await storeApi(users.StoreAdmin, 'PATCH', `/members/${users.StoreAdmin.id}`, {
          role: 'Viewer',
        })
      ).status,
    ).toBe(409);
    expect(await count()).toBe(before + 1);

    const headers = { 'idempotency-key': 'audit-replay-1' };
    const first = await storeApi(
      users.Manager,
      'POST',
      '/products',
      { title: 'Once', status: 'draft' },
      headers,
    );
    const again = await storeApi(
      users.Manager,
      'POST',
      '/products',
      { title: 'Once', status: 'draft' },
      headers,
    );
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    expect((await log(`?resourceId=${first.body.id}`)).total).toBe(1);
  });

  it('filters by type and time, pages newest first, and is for StoreAdmins of the store only', async () => {
    const all = await log('?limit=100');
    expect(all.items.length).toBeGreaterThan(5);
    const times = all.items.map((e) => e.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    const products = await log('?resourceType=product&limit=100');
    expect(products.items.every((e) => e.resourceType === 'product')).toBe(true);
    const page2 = await log('?limit=2&page=2');
    expect(page2).toMatchObject({ page: 2, limit: 2, total: all.total });
    expect(page2.items.map((e) => e.id)).toEqual(all.items.slice(2, 4).map((e) => e.id));
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await log(`?from=${future}`)).total).toBe(0);
    expect((await log(`?to=${future}`)).total).toBe(all.total);
    expect((await storeApi(users.StoreAdmin, 'GET', '/audit-log?from=yesterday')).status).toBe(400);
    expect((await storeApi(users.StoreAdmin, 'GET', '/audit-log?limit=101')).status).toBe(400);
    for (const role of ['Manager', 'Staff', 'Viewer']) {
      expect((await storeApi(users[role], 'GET', '/audit-log')).status).toBe(403);
    }
    expect((await storeApi(users.outsider, 'GET', '/audit-log')).status).toBe(404);
  });

  it('cannot be changed or deleted by the application role', async () => {
    const client = new Client({ connectionString: api.db.url });
    await client.connect();
    try {
      await client.query('begin');
      await client.query('set local role silkcart_app');
      await client.query(`select set_config('app.store_id', $1, true)`, [store.id]);
      const { rows } = await client.query('select count(*)::int as n from audit_log');
      expect(rows[0].n).toBeGreaterThan(0);
      await expect(client.query(`update audit_log set action = 'x'`)).rejects.toThrow(
        /permission denied/,
      );
      await client.query('rollback');
      await client.query('begin');
      await client.query('set local role silkcart_app');
      await client.query(`select set_config('app.store_id', $1, true)`, [store.id]);
      await expect(client.query('delete from audit_log')).rejects.toThrow(/permission denied/);
      await client.query('rollback');
    } finally {
      await client.end();
    }
  });
});
