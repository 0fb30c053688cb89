import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readContext, RequestContext, roleAllows, StoreId, TenantTx } from '@silkcart/shared';
import { DataSource } from 'typeorm';
import {
  addMember,
  createStore,
  placeOrder,
  productWithVariants,
  registerUser,
  storeWithStaff,
  TestUser,
  unique,
} from './support/fixtures';
import { MATRIX_ACTIONS, ROLE_ORDER } from './support/roles-matrix';
import { startTestApi, TestApi } from './support/test-api';

describe('tenancy (HTTP)', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ env: { AUTH_RATE_LIMIT: '100000' } });
  });
  afterAll(() => api.close());

  describe('stores', () => {
    let owner: TestUser;
    beforeAll(async () => {
      owner = await registerUser(api, 'Owner');
    });
    const create = (body: unknown, token = owner.token) =>
      api.http('POST', '/api/v1/stores', { token, body });

    it('opens a store and makes the caller its StoreAdmin', async () => {
      const slug = unique('shoes');
      const res = await create({
        name: 'Summer Shoes',
        slug,
        currency: 'EUR',
        supportEmail: 'help@shoes.example',
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        id: expect.any(String),
        slug,
        name: 'Summer Shoes',
        currency: 'EUR',
        supportEmail: 'help@shoes.example',
        createdAt: expect.any(String),
      });
      const mine = await api.http('GET', '/api/v1/stores', { token: owner.token });
      expect(mine.body.items.find((s: { id: string }) => s.id === res.body.id)).toMatchObject({
        role: 'StoreAdmin',
      });
    });

    it.each([
      ['a slug with capitals', { slug: 'Shoes' }, 'slug'],
      ['a slug too short', { slug: 'ab' }, 'slug'],
      ['a slug ending with -', { slug: 'shoes-' }, 'slug'],
      ['an unknown currency', { currency: 'XYZ' }, 'currency'],
      ['a bad support email', { supportEmail: 'nope' }, 'supportEmail'],
    ])('refuses %s → 400', async (_, change, field) => {
      const res = await create({ name: 'X', slug: unique('ok'), currency: 'USD', ...change });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('refuses a slug that is taken → 409', async () => {
      const slug = unique('taken');
      expect((await create({ name: 'A', slug, currency: 'USD' })).status).toBe(201);
      expect((await create({ name: 'B', slug, currency: 'USD' })).status).toBe(409);
    });

    it('takes no store id from the body', async () => {
      const res = await create({
        name: 'A',
        slug: unique('body'),
        currency: 'USD',
        id: randomUUID(),
      });
      expect(res.status).toBe(400);
    });

    it('needs a bearer token → 401', async () => {
      expect(
        (
          await api.http('POST', '/api/v1/stores', {
            body: { name: 'A', slug: 'abc', currency: 'USD' },
          })
        ).status,
      ).toBe(401);
    });

    it('lists only the caller’s stores, paged, with the list shape', async () => {
      const user = await registerUser(api);
      for (let i = 0; i < 3; i++)
        await create({ name: `S${i}`, slug: unique('mine'), currency: 'USD' }, user.token);
      const page = await api.http('GET', '/api/v1/stores?page=2&limit=2', { token: user.token });
      expect(page.status).toBe(200);
      expect(page.body).toMatchObject({ total: 3, page: 2, limit: 2 });
      expect(page.body.items).toHaveLength(1);
      const all = await api.http('GET', '/api/v1/stores', { token: user.token });
      expect(all.body).toMatchObject({ total: 3, page: 1, limit: 20 });
    });

    it.each(['limit=0', 'limit=101', 'page=0', 'limit=abc', 'page=1.5'])(
      'refuses %s → 400, never clamps',
      async (q) => {
        expect((await api.http('GET', `/api/v1/stores?${q}`, { token: owner.token })).status).toBe(
          400,
        );
      },
    );

    it('reads and patches settings, merging what the patch leaves out', async () => {
      const store = await createStore(api, owner);
      const path = `/api/v1/stores/${store.id}`;
      const first = await api.http('PATCH', path, {
        token: owner.token,
        body: {
          settings: {
            shipping: { flatRate: 500, rates: { FR: 900 } },
            tax: { rates: [{ country: 'FR', rate: 0.2 }] },
          },
        },
      });
      expect(first.status).toBe(200);
      const second = await api.http('PATCH', path, {
        token: owner.token,
        body: { name: 'Renamed', settings: { shipping: { freeOver: 10000 } } },
      });
      expect(second.body.name).toBe('Renamed');
      expect(second.body.settings).toEqual({
        orderHoldMinutes: 30,
        shipping: { flatRate: 500, freeOver: 10000, rates: { FR: 900 } },
        tax: { pricesIncludeTax: false, rates: [{ country: 'FR', rate: 0.2 }] },
        notifications: { sms: false },
        timezone: 'UTC',
        storefront: { requirePublishableKey: false },
      });
      expect(
        (await api.http('GET', path, { token: owner.token })).body.settings.shipping.freeOver,
      ).toBe(10000);
    });

    it.each([
      [{ settings: { orderHoldMinutes: 0 } }, 'settings.orderHoldMinutes'],
      [{ settings: { shipping: { rates: { france: 10 } } } }, 'settings.shipping.rates'],
      [{ settings: { shipping: { flatRate: -1 } } }, 'settings.shipping.flatRate'],
      [{ settings: { tax: { rates: [{ country: 'FR', rate: 2 }] } } }, 'settings.tax.rates.0.rate'],
      [{ settings: { unknown: true } }, 'settings.unknown'],
    ])('refuses bad settings %j → 400 naming %s', async (body, field) => {
      const store = await createStore(api, owner);
      const res = await api.http('PATCH', `/api/v1/stores/${store.id}`, {
        token: owner.token,
        body,
      });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('serves the public profile by slug to anyone', async () => {
      const store = await createStore(api, owner, 'GBP');
      const res = await api.http('GET', `/api/v1/stores/${store.slug}/public`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ slug: store.slug, name: store.name, currency: 'GBP' });
      expect((await api.http('GET', `/api/v1/stores/${unique('none')}/public`)).status).toBe(404);
    });
  });

  describe('members', () => {
    it('lists, adds, changes and removes members', async () => {
      const admin = await registerUser(api, 'Admin');
      const store = await createStore(api, admin);
      const newcomer = await registerUser(api, 'Newcomer');
      const base = `/api/v1/stores/${store.id}/members`;

      const added = await api.http('POST', base, {
        token: admin.token,
        body: { email: newcomer.email.toUpperCase(), role: 'Staff' },
      });
      expect(added.status).toBe(201);
      expect(added.body).toEqual({
        userId: newcomer.id,
        email: newcomer.email,
        name: 'Newcomer',
        role: 'Staff',
      });

      const list = await api.http('GET', base, { token: newcomer.token });
      expect(list.status).toBe(200);
      expect(list.body).toMatchObject({ total: 2, page: 1, limit: 20 });
      expect(list.body.items).toEqual(
        expect.arrayContaining([
          { userId: admin.id, email: admin.email, name: 'Admin', role: 'StoreAdmin' },
          { userId: newcomer.id, email: newcomer.email, name: 'Newcomer', role: 'Staff' },
        ]),
      );

      const changed = await api.http('PATCH', `${base}/${newcomer.id}`, {
        token: admin.token,
        body: { role: 'Manager' },
      });
      expect(changed.status).toBe(200);
      expect(changed.body.role).toBe('Manager');

      expect(
        (await api.http('DELETE', `${base}/${newcomer.id}`, { token: admin.token })).status,
      ).toBe(204);
      expect(
        (await api.http('GET', `/api/v1/stores/${store.id}`, { token: newcomer.token })).status,
      ).toBe(404);
    });

    it('refuses an unknown email → 404, and an existing member → 409', async () => {
      const admin = await registerUser(api);
      const store = await createStore(api, admin);
      const base = `/api/v1/stores/${store.id}/members`;
      expect(
        (
          await api.http('POST', base, {
            token: admin.token,
            body: { email: `${unique('x')}@example.com`, role: 'Viewer' },
          })
        ).status,
      ).toBe(404);
      expect(
        (
          await api.http('POST', base, {
            token: admin.token,
            body: { email: admin.email, role: 'Viewer' },
          })
        ).status,
      ).toBe(409);
      expect(
        (
          await api.http('POST', base, {
            token: admin.token,
            body: { email: admin.email, role: 'Owner' },
          })
        ).status,
      ).toBe(400);
    });

    it('keeps the last StoreAdmin: demoting or removing it → 409', async () => {
      const admin = await registerUser(api);
      const store = await createStore(api, admin);
      const base = `/api/v1/stores/${store.id}/members/${admin.id}`;
      expect(
        (await api.http('PATCH', base, { token: admin.token, body: { role: 'Manager' } })).status,
      ).toBe(409);
      expect((await api.http('DELETE', base, { token: admin.token })).status).toBe(409);

      const second = await registerUser(api);
      await addMember(api, store.id, admin, second, 'StoreAdmin');
      expect(
        (await api.http('PATCH', base, { token: admin.token, body: { role: 'Manager' } })).status,
      ).toBe(200);
      expect(
        (
          await api.http('DELETE', `/api/v1/stores/${store.id}/members/${second.id}`, {
            token: second.token,
          })
        ).status,
      ).toBe(409);
    });
  });

  describe('the roles matrix', () => {
    let fixture: Awaited<ReturnType<typeof storeWithStaff>>;
    let orderId: string;
    beforeAll(async () => {
      fixture = await storeWithStaff(api);
      const [variant] = await productWithVariants(api, fixture.store.id, fixture.users.StoreAdmin, [
        [1000, 100],
      ]);
      orderId = (
        await placeOrder(api, fixture.store.slug, [{ variantId: variant.id, quantity: 1 }])
      ).body.id;
    });

    const cases = ROLE_ORDER.flatMap((role) =>
      MATRIX_ACTIONS.map((action) => [role, action.label, action] as const),
    );
    it.each(cases)('%s: %s', async (role, _label, action) => {
      const path = action.path.replace('{storeId}', fixture.store.id).replace('{orderId}', orderId);
      const res = await api.http(action.method, `/api/v1${path}`, {
        token: fixture.users[role].token,
        body: action.bodyFor ? action.bodyFor(fixture.users) : action.body,
      });
      if (roleAllows(role, action.permission)) {
        expect([403, 404]).not.toContain(res.status);
        expect(res.status).toBeLessThan(500);
      } else {
        expect(res.status).toBe(403);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
      }
    });

    it('covers every permission of the matrix with at least one action', () => {
      const covered = new Set(MATRIX_ACTIONS.map((a) => a.permission));
      expect([...covered].sort()).toEqual(
        expect.arrayContaining(['catalog.write', 'store.manage', 'store.read']),
      );
    });
  });

  describe('a non-member gets 404 on every /stores/{storeId}/... route', () => {
    const document = JSON.parse(
      readFileSync(join(__dirname, '..', 'docs', 'openapi.json'), 'utf8'),
    );
    const routes = Object.entries(document.paths as Record<string, Record<string, unknown>>)
      .filter(([path]) => path.startsWith('/api/v1/stores/{storeId}'))
      .flatMap(([path, ops]) =>
        Object.keys(ops).map((method) => [method.toUpperCase(), path] as const),
      );

    let fixture: Awaited<ReturnType<typeof storeWithStaff>>;
    beforeAll(async () => {
      fixture = await storeWithStaff(api);
    });

    it('finds the store routes in the served document', () => {
      expect(routes.length).toBeGreaterThanOrEqual(6);
    });

    it.each(routes)('%s %s', async (method, path) => {
      const body = method === 'GET' || method === 'DELETE' ? undefined : {};
      const concrete = (storeId: string) =>
        path.replace('{storeId}', storeId).replace(/\{[A-Za-z]+\}/g, () => randomUUID());
      const asOutsider = await api.http(method, concrete(fixture.store.id), {
        token: fixture.users.outsider.token,
        body,
      });
      expect(asOutsider.status).toBe(404);
      const unknownStore = await api.http(method, concrete(randomUUID()), {
        token: fixture.users.outsider.token,
        body,
      });
      expect(unknownStore.status).toBe(404);
      const notAUuid = await api.http(method, concrete('not-a-uuid'), {
        token: fixture.users.outsider.token,
        body,
      });
      expect(notAUuid.status).toBe(404);
    });
  });

  describe('cross-tenant probes', () => {
    it("a StoreAdmin of A using A's path with B's member ids gets 404 and changes nothing", async () => {
      const a = await storeWithStaff(api);
      const b = await storeWithStaff(api);
      const bManager = b.users.Manager;
      const path = `/api/v1/stores/${a.store.id}/members/${bManager.id}`;
      expect(
        (
          await api.http('PATCH', path, {
            token: a.users.StoreAdmin.token,
            body: { role: 'Viewer' },
          })
        ).status,
      ).toBe(404);
      expect((await api.http('DELETE', path, { token: a.users.StoreAdmin.token })).status).toBe(
        404,
      );
      const rows = await api.db.sql(
        `select role from membership where store_id = $1 and user_id = $2`,
        [b.store.id, bManager.id],
      );
      expect(rows).toEqual([{ role: 'Manager' }]);
    });

    it("a member of A cannot read B's store or members through B's path", async () => {
      const a = await storeWithStaff(api);
      const b = await storeWithStaff(api);
      expect(
        (await api.http('GET', `/api/v1/stores/${b.store.id}`, { token: a.users.StoreAdmin.token }))
          .status,
      ).toBe(404);
      expect(
        (
          await api.http('GET', `/api/v1/stores/${b.store.id}/members`, {
            token: a.users.StoreAdmin.token,
          })
        ).status,
      ).toBe(404);
    });
  });

  describe('row-level security', () => {
    it('an unfiltered query in store A’s transaction sees none of store B’s rows', async () => {
      const a = await storeWithStaff(api);
      const b = await storeWithStaff(api);
      const tx = api.app.get(TenantTx);
      const all = await api.db.sql<{ store_id: string }>(
        `select distinct store_id from store_activity where store_id = any($1)`,
        [[a.store.id, b.store.id]],
      );
      expect(all.map((r) => r.store_id).sort()).toEqual([a.store.id, b.store.id].sort());

      const ctxA = RequestContext.system('rls-test', a.store.id as StoreId);
      // Deliberately no WHERE clause: only the database stands between A and B here.
      const seen = await tx.run(ctxA, (ctx) =>
        ctx.manager.query(`select store_id from store_activity`),
      );
      expect(seen.length).toBeGreaterThan(0);
      expect(new Set(seen.map((r: { store_id: string }) => r.store_id))).toEqual(
        new Set([a.store.id]),
      );

      const none = await tx.run(RequestContext.system('rls-test'), (ctx) =>
        ctx.manager.query(`select * from store_activity`),
      );
      expect(none).toEqual([]);

      // Maintenance jobs that span stores take the system role explicitly.
      const every = await tx.runAcrossStores(RequestContext.system('rls-test'), (ctx) =>
        ctx.manager.query(`select distinct store_id from store_activity where store_id = any($1)`, [
          [a.store.id, b.store.id],
        ]),
      );
      expect(every).toHaveLength(2);
    });

    it('scopes the one-round-trip reads of the storefront the same way', async () => {
      const a = await storeWithStaff(api);
      await storeWithStaff(api);
      const ds = api.app.get(DataSource);
      const inA = readContext(ds, RequestContext.system('rls-test', a.store.id as StoreId));
      const seen: Array<{ store_id: string }> = await inA.manager.query(
        `select store_id from store_activity`,
      );
      expect(seen.length).toBeGreaterThan(0);
      expect(new Set(seen.map((r) => r.store_id))).toEqual(new Set([a.store.id]));
      const unscoped = readContext(ds, RequestContext.system('rls-test'));
      expect(await unscoped.manager.query(`select * from store_activity`)).toEqual([]);
      // The scope ends with its query: the pooled connection keeps nothing.
      expect(await ds.query(`select * from store_activity`)).toEqual([]);
    });

    it("refuses to write a row into another store from A's transaction", async () => {
      const a = await storeWithStaff(api);
      const b = await storeWithStaff(api);
      const tx = api.app.get(TenantTx);
      await expect(
        tx.run(RequestContext.system('rls-test', a.store.id as StoreId), (ctx) =>
          ctx.manager.query(`insert into store_activity (store_id, action) values ($1, 'forged')`, [
            b.store.id,
          ]),
        ),
      ).rejects.toThrow(/row-level security/);
    });

    it('runs the application as a role without superuser or BYPASSRLS', async () => {
      const tx = api.app.get(TenantTx);
      const [me] = await tx.run(RequestContext.system('rls-test'), (ctx) =>
        ctx.manager.query(
          `select current_user as name, rolsuper, rolbypassrls from pg_roles where rolname = current_user`,
        ),
      );
      expect(me).toEqual({ name: 'silkcart_app', rolsuper: false, rolbypassrls: false });
    });
  });
});
