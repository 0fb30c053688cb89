import { RequestContext, Scheduler, StoreId, TenantTx } from '@silkcart/shared';
import { OrderTransitions } from '../libs/ordering/src/application/order-transitions';
import {
  ADDRESS,
  createStore,
  placeOrder,
  productWithVariants,
  registerUser,
  storeWithStaff,
  TestUser,
} from './support/fixtures';
import { csvOf, exportOf, fileUrlPath, finished, ORDER_COLUMNS } from './support/exports';
import { SheetsDouble, startSheetsDouble } from './support/sheets-double';
import { startTestApi, TestApi } from './support/test-api';

// Exports: CSV files parsed back and compared with the API's own answers, dry runs, updatedSince,
// roles and tenancy; Google Sheets through the official client against a local double (token
// endpoint, batches, the header, retries), and schedules' incremental runs.
jest.setTimeout(90_000);

const NIL = '00000000-0000-4000-8000-000000000000';
const TRICKY = 'Tee, "Deluxe"\nEdition';

async function markPaid(api: TestApi, storeId: string, orderId: string): Promise<void> {
  await api.app
    .get(TenantTx)
    .run(RequestContext.system('test-paid', storeId as StoreId), (ctx) =>
      api.app.get(OrderTransitions).apply(ctx, orderId, 'paid'),
    );
}

const ms = (n: number) => new Promise((r) => setTimeout(r, n));

describe('exports (CSV)', () => {
  let api: TestApi;
  let admin: TestUser;
  let store: { id: string; slug: string };
  let users: Record<string, TestUser>;
  let orderIds: string[];

  beforeAll(async () => {
    api = await startTestApi();
    ({ store, users } = await storeWithStaff(api));
    admin = users.StoreAdmin;
    const product = await api.http('POST', `/api/v1/stores/${store.id}/products`, {
      token: admin.token,
      body: {
        title: TRICKY,
        status: 'active',
        variants: [
          { sku: 'TEE-S', title: 'Small', price: 1999, compareAtPrice: 2500, stock: 50 },
          { sku: 'TEE-L', title: 'Large', price: 2005, stock: 50 },
        ],
      },
    });
    expect(product.status).toBe(201);
    const [small, large] = product.body.variants;
    const first = await placeOrder(api, store.slug, [
      { variantId: small.id, quantity: 2 },
      { variantId: large.id, quantity: 1 },
    ]);
    const second = await placeOrder(api, store.slug, [{ variantId: large.id, quantity: 3 }]);
    expect([first.status, second.status]).toEqual([201, 201]);
    orderIds = [first.body.id, second.body.id];
    await markPaid(api, store.id, orderIds[0]);
  });
  afterAll(() => api?.close());

  it('writes the orders exactly as the API shows them', async () => {
    const e = await exportOf(api, admin.token, store.id, { type: 'orders', format: 'csv' });
    expect(e).toMatchObject({ status: 'succeeded', rowCount: 2, dryRun: false, error: null });
    expect(e.scheduleId).toBeNull();
    expect(e.finishedAt).toEqual(expect.any(String));
    const [header, ...rows] = await csvOf(api, admin.token, e);
    expect(header).toEqual(ORDER_COLUMNS);
    const money = (n: number) => (n / 100).toFixed(2);
    const expected = [];
    for (const id of orderIds) {
      const o = (
        await api.http('GET', `/api/v1/stores/${store.id}/orders/${id}`, { token: admin.token })
      ).body;
      expected.push([
        String(o.number),
        o.id,
        o.status,
        o.email,
        'USD',
        money(o.subtotal),
        money(o.discountTotal),
        money(o.shippingTotal),
        money(o.taxTotal),
        money(o.total),
        '0.00',
        '',
        ADDRESS.country,
        o.createdAt,
        o.paidAt ?? '',
        '',
        '',
      ]);
    }
    expect(rows).toEqual(expected);
    expect(rows[0][2]).toBe('paid');
    expect(rows[0][14]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('writes order items and products, quoting commas, quotes and line breaks', async () => {
    const items = await exportOf(api, admin.token, store.id, {
      type: 'order-items',
      format: 'csv',
    });
    const [header, ...rows] = await csvOf(api, admin.token, items);
    expect(header).toEqual([
      'orderNumber',
      'orderId',
      'sku',
      'title',
      'quantity',
      'unitPrice',
      'lineTotal',
    ]);
    expect(rows.map((r) => [r[1], r[2], r[4], r[5], r[6]])).toEqual([
      [orderIds[0], 'TEE-S', '2', '19.99', '39.98'],
      [orderIds[0], 'TEE-L', '1', '20.05', '20.05'],
      [orderIds[1], 'TEE-L', '3', '20.05', '60.15'],
    ]);
    expect(rows[0][3]).toContain(TRICKY);

    const products = await exportOf(api, admin.token, store.id, {
      type: 'products',
      format: 'csv',
    });
    const [pHeader, ...pRows] = await csvOf(api, admin.token, products);
    expect(pHeader).toEqual([
      'id',
      'slug',
      'title',
      'status',
      'sku',
      'variantTitle',
      'price',
      'compareAtPrice',
      'stock',
    ]);
    expect(pRows.map((r) => [r[2], r[3], r[4], r[5], r[6], r[7], r[8]])).toEqual([
      [TRICKY, 'active', 'TEE-S', 'Small', '19.99', '25.00', '48'],
      [TRICKY, 'active', 'TEE-L', 'Large', '20.05', '', '46'],
    ]);
  });

  it('writes customers with their order counts', async () => {
    const name = 'Doe, "Jay"\nJunior';
    const reg = await api.http('POST', `/api/v1/catalog/${store.slug}/customers`, {
      body: { email: 'jay@example.com', password: 'customer-password-1', name },
    });
    expect(reg.status).toBe(201);
    const e = await exportOf(api, admin.token, store.id, { type: 'customers', format: 'csv' });
    const [header, ...rows] = await csvOf(api, admin.token, e);
    expect(header).toEqual(['id', 'email', 'name', 'ordersCount', 'createdAt']);
    expect(rows).toEqual([
      [reg.body.customer.id, 'jay@example.com', name, '0', expect.any(String)],
    ]);
  });

  it('counts rows and writes nothing on a dry run', async () => {
    const e = await exportOf(api, admin.token, store.id, {
      type: 'order-items',
      format: 'csv',
      dryRun: true,
    });
    expect(e).toMatchObject({ status: 'succeeded', dryRun: true, rowCount: 3, fileUrl: null });
    const file = await api.http('GET', `/api/v1/stores/${store.id}/exports/${e.id}/file`, {
      token: admin.token,
    });
    expect(file.status).toBe(404);
  });

  it('keeps the rows created or changed since updatedSince', async () => {
    await ms(20);
    const since = new Date().toISOString();
    await ms(20);
    await markPaid(api, store.id, orderIds[1]); // a change to an older order
    const e = await exportOf(api, admin.token, store.id, {
      type: 'orders',
      format: 'csv',
      updatedSince: since,
    });
    const [, ...rows] = await csvOf(api, admin.token, e);
    expect(rows.map((r) => r[1])).toEqual([orderIds[1]]);
    expect(e.rowCount).toBe(1);
  });

  it('refuses Staff and Viewer, lets every member read, hides other stores', async () => {
    for (const role of ['Staff', 'Viewer']) {
      const post = await api.http('POST', `/api/v1/stores/${store.id}/exports`, {
        token: users[role].token,
        body: { type: 'orders', format: 'csv' },
      });
      expect([role, post.status]).toEqual([role, 403]);
      const schedule = await api.http('POST', `/api/v1/stores/${store.id}/export-schedules`, {
        token: users[role].token,
        body: { type: 'orders', format: 'csv', every: 'day' },
      });
      expect([role, schedule.status]).toEqual([role, 403]);
    }
    const made = await exportOf(api, users.Manager.token, store.id, {
      type: 'orders',
      format: 'csv',
    });
    for (const role of ['StoreAdmin', 'Manager', 'Staff', 'Viewer']) {
      const list = await api.http('GET', `/api/v1/stores/${store.id}/exports?limit=2`, {
        token: users[role].token,
      });
      expect([role, list.status, list.body.limit, list.body.items[0].id]).toEqual([
        role,
        200,
        2,
        made.id,
      ]);
      const one = await api.http('GET', `/api/v1/stores/${store.id}/exports/${made.id}`, {
        token: users[role].token,
      });
      expect([role, one.status]).toEqual([role, 200]);
      const file = await api.http('GET', fileUrlPath(made), { token: users[role].token });
      expect([role, file.status]).toEqual([role, 200]);
    }
    const other = await registerUser(api, 'Other');
    const otherStore = await createStore(api, other);
    for (const path of [`exports/${made.id}`, `exports/${made.id}/file`, `exports/${NIL}`]) {
      const res = await api.http('GET', `/api/v1/stores/${otherStore.id}/${path}`, {
        token: other.token,
      });
      expect([path, res.status]).toEqual([path, 404]);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    const mine = await api.http('GET', `/api/v1/stores/${otherStore.id}/exports`, {
      token: other.token,
    });
    expect(mine.body.total).toBe(0);
  });

  it('answers 400 for a destination that does not fit the format, 503 without Google', async () => {
    const post = (path: string, body: object) =>
      api.http('POST', `/api/v1/stores/${store.id}/${path}`, { token: admin.token, body });
    const destination = { spreadsheetId: 'sheet-1', sheetName: 'Orders' };
    for (const path of ['exports', 'export-schedules']) {
      const extra = path === 'exports' ? {} : { every: 'day' };
      const missing = await post(path, { type: 'orders', format: 'google-sheets', ...extra });
      expect(missing.status).toBe(400);
      expect(missing.body.errors.map((e: { field: string }) => e.field)).toContain('destination');
      const refused = await post(path, { type: 'orders', format: 'csv', destination, ...extra });
      expect(refused.status).toBe(400);
      expect(refused.body.errors.map((e: { field: string }) => e.field)).toContain('destination');
      const unavailable = await post(path, {
        type: 'orders',
        format: 'google-sheets',
        destination,
        ...extra,
      });
      expect(unavailable.status).toBe(503);
      expect(unavailable.body.detail).toContain('GOOGLE_SERVICE_ACCOUNT_JSON');
    }
    const bad = await post('exports', {
      type: 'everything',
      format: 'xls',
      updatedSince: 'yesterday',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'format',
      'type',
      'updatedSince',
    ]);
  });

  it('keeps CSV schedules, runs them now and deletes them', async () => {
    const made = await api.http('POST', `/api/v1/stores/${store.id}/export-schedules`, {
      token: users.Manager.token,
      body: { type: 'orders', format: 'csv', every: 'hour' },
    });
    expect(made.status).toBe(201);
    expect(made.body).toEqual({
      id: expect.any(String),
      type: 'orders',
      format: 'csv',
      destination: null,
      every: 'hour',
      lastRunAt: null,
      nextRunAt: expect.any(String),
      createdAt: expect.any(String),
    });
    expect(Date.parse(made.body.nextRunAt) - Date.parse(made.body.createdAt)).toBeGreaterThan(
      3_500_000,
    );
    const list = await api.http('GET', `/api/v1/stores/${store.id}/export-schedules`, {
      token: users.Viewer.token,
    });
    expect(list.body.items.map((s: { id: string }) => s.id)).toEqual([made.body.id]);
    const run = await api.http(
      'POST',
      `/api/v1/stores/${store.id}/export-schedules/${made.body.id}/run`,
      { token: admin.token },
    );
    expect(run.status).toBe(202);
    const e = await finished(api, admin.token, store.id, run.body.exportId);
    expect(e).toMatchObject({ status: 'succeeded', rowCount: 2, scheduleId: made.body.id });
    const gone = await api.http(
      'DELETE',
      `/api/v1/stores/${store.id}/export-schedules/${made.body.id}`,
      {
        token: admin.token,
      },
    );
    expect(gone.status).toBe(204);
    const again = await api.http(
      'POST',
      `/api/v1/stores/${store.id}/export-schedules/${made.body.id}/run`,
      {
        token: admin.token,
      },
    );
    expect(again.status).toBe(404);
  });
});

describe('exports (Google Sheets)', () => {
  let api: TestApi;
  let sheets: SheetsDouble;
  let admin: TestUser;
  let store: { id: string; slug: string };

  beforeAll(async () => {
    sheets = await startSheetsDouble();
    api = await startTestApi({ env: sheets.env });
    admin = await registerUser(api, 'Sheets Admin');
    store = await createStore(api, admin);
  });
  afterAll(async () => {
    await api?.close();
    await sheets?.close();
  });

  const order = async (variantId: string) => {
    const res = await placeOrder(api, store.slug, [{ variantId, quantity: 1 }]);
    expect(res.status).toBe(201);
    return res.body.id as string;
  };

  it('appends 1,200 variants in batches of at most 500, the header once, after a 429', async () => {
    sheets.addSpreadsheet('catalog-sheet', ['Products']);
    await api.db.sql(
      `with p as (
         insert into product (store_id, slug, title, status)
         values ($1, 'bulk', 'Bulk', 'active') returning id)
       insert into variant (store_id, product_id, sku, title, price, stock, position)
       select $1, p.id, 'BULK-' || lpad(i::text, 4, '0'), 'V' || i, 100 + i, i, i
         from p, generate_series(1, 1200) i`,
      [store.id],
    );
    sheets.failNext('append', 429);
    const destination = { spreadsheetId: 'catalog-sheet', sheetName: 'Products' };
    const e = await exportOf(api, admin.token, store.id, {
      type: 'products',
      format: 'google-sheets',
      destination,
    });
    expect(e).toMatchObject({ status: 'succeeded', rowCount: 1200, fileUrl: null, error: null });
    const rows = sheets.rows('catalog-sheet', 'Products');
    expect(rows).toHaveLength(1201);
    expect(rows[0]).toEqual([
      'id',
      'slug',
      'title',
      'status',
      'sku',
      'variantTitle',
      'price',
      'compareAtPrice',
      'stock',
    ]);
    expect(rows[1].slice(1)).toEqual([
      'bulk',
      'Bulk',
      'active',
      'BULK-0001',
      'V1',
      '1.01',
      '',
      '1',
    ]);
    expect(rows[1200][4]).toBe('BULK-1200');
    expect(sheets.appends.every((a) => a.rows <= 500)).toBe(true);
    expect(sheets.appends.map((a) => a.rows)).toEqual([1, 500, 500, 200]);
    expect(sheets.calls.filter((c) => c.kind === 'append').map((c) => c.status)).toEqual([
      429, 200, 200, 200, 200,
    ]);
    expect(sheets.calls.filter((c) => c.kind === 'token').map((c) => c.status)).toEqual([200]);

    // A second export to the same sheet: no second header.
    const again = await exportOf(api, admin.token, store.id, {
      type: 'products',
      format: 'google-sheets',
      destination,
      updatedSince: new Date(Date.now() + 60_000).toISOString(),
    });
    expect(again).toMatchObject({ status: 'succeeded', rowCount: 0 });
    expect(sheets.rows('catalog-sheet', 'Products')).toHaveLength(1201);
  });

  it('fails the export with the error when Google refuses, without hanging', async () => {
    const e = await exportOf(api, admin.token, store.id, {
      type: 'orders',
      format: 'google-sheets',
      destination: { spreadsheetId: 'no-such-sheet', sheetName: 'Orders' },
    });
    expect(e.status).toBe('failed');
    expect(e.error).toMatch(/404/);
    expect(e.rowCount).toBeNull();
  });

  it('runs a schedule incrementally and carries a failed run to the next', async () => {
    sheets.addSpreadsheet('orders-sheet', ['Orders']);
    const [variant] = await productWithVariants(api, store.id, admin, [[1000, 1000]]);
    const first = [await order(variant.id), await order(variant.id)];
    const made = await api.http('POST', `/api/v1/stores/${store.id}/export-schedules`, {
      token: admin.token,
      body: {
        type: 'orders',
        format: 'google-sheets',
        destination: { spreadsheetId: 'orders-sheet', sheetName: 'Orders' },
        every: 'day',
      },
    });
    expect(made.status).toBe(201);
    expect(made.body.destination).toEqual({ spreadsheetId: 'orders-sheet', sheetName: 'Orders' });
    const runNow = async () => {
      const run = await api.http(
        'POST',
        `/api/v1/stores/${store.id}/export-schedules/${made.body.id}/run`,
        { token: admin.token },
      );
      expect(run.status).toBe(202);
      return finished(api, admin.token, store.id, run.body.exportId);
    };
    const ids = () =>
      sheets
        .rows('orders-sheet', 'Orders')
        .slice(1)
        .map((r) => r[1]);

    expect(await runNow()).toMatchObject({
      status: 'succeeded',
      rowCount: 2,
      scheduleId: made.body.id,
    });
    expect(sheets.rows('orders-sheet', 'Orders')[0][0]).toBe('number');
    expect(ids()).toEqual(first);

    const third = await order(variant.id);
    expect(await runNow()).toMatchObject({ status: 'succeeded', rowCount: 1 });
    expect(ids()).toEqual([...first, third]);

    const fourth = await order(variant.id);
    sheets.failNext('append', 403);
    const failed = await runNow();
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/403/);
    expect(ids()).toEqual([...first, third]);

    const fifth = await order(variant.id);
    expect(await runNow()).toMatchObject({ status: 'succeeded', rowCount: 2 });
    expect(ids()).toEqual([...first, third, fourth, fifth]);

    // The schedule's own runs: due ones are started by the repeatable job.
    const sixth = await order(variant.id);
    await api.db.sql(
      `update export_schedule set next_run_at = now() - interval '1 minute' where id = $1`,
      [made.body.id],
    );
    await api.app.get(Scheduler).run('notifications.export-schedules');
    const list = await api.http('GET', `/api/v1/stores/${store.id}/exports?limit=1`, {
      token: admin.token,
    });
    const scheduled = await finished(api, admin.token, store.id, list.body.items[0].id);
    expect(scheduled).toMatchObject({ status: 'succeeded', rowCount: 1, scheduleId: made.body.id });
    expect(ids()).toEqual([...first, third, fourth, fifth, sixth]);
    const after = await api.http('GET', `/api/v1/stores/${store.id}/export-schedules`, {
      token: admin.token,
    });
    expect(Date.parse(after.body.items[0].nextRunAt)).toBeGreaterThan(Date.now() + 23 * 3_600_000);
    expect(after.body.items[0].lastRunAt).toEqual(expect.any(String));
  });
});
