import type { Role } from '@silkcart/shared';
import { roleAllows } from '@silkcart/shared';
import { createStore, registerUser, storeWithStaff, TestUser } from './support/fixtures';
import { MATRIX_ACTIONS } from './support/roles-matrix';
import { startTestApi, TestApi } from './support/test-api';

/** Store API keys: made by a StoreAdmin, shown once, acting with their role under the matrix. */
describe('API keys (HTTP)', () => {
  let api: TestApi;
  let store: { id: string; slug: string };
  let users: Record<string, TestUser>;

  const keys = (user: TestUser, method: string, path = '', body?: unknown) =>
    api.http(method, `/api/v1/stores/${store.id}/api-keys${path}`, { token: user.token, body });
  const withKey = (key: string, method: string, path: string, body?: unknown) =>
    api.http(method, `/api/v1${path}`, { token: key, body });
  const newKey = async (type: 'secret' | 'publishable', role?: Role) => {
    const res = await keys(users.StoreAdmin, 'POST', '', {
      name: `${type} ${role ?? ''}`,
      type,
      role,
    });
    if (res.status !== 201) throw new Error(`key: ${res.status} ${res.text}`);
    return res.body;
  };

  beforeAll(async () => {
    api = await startTestApi({ env: { AUTH_RATE_LIMIT: '100000' } });
    ({ store, users } = await storeWithStaff(api));
  });
  afterAll(() => api.close());

  it('creates keys with the contract shape, shows the key once, lists without it', async () => {
    const secret = await newKey('secret', 'Manager');
    expect(secret).toEqual({
      id: expect.any(String),
      name: 'secret Manager',
      type: 'secret',
      role: 'Manager',
      key: expect.stringMatching(/^silk_sk_[0-9A-Za-z]{32,}$/),
      keyPrefix: secret.key.slice(0, 12),
      createdAt: expect.any(String),
      lastUsedAt: null,
    });
    const publishable = await newKey('publishable');
    expect(publishable).toMatchObject({ type: 'publishable', role: null });
    expect(publishable.key).toMatch(/^silk_pk_[0-9A-Za-z]{32,}$/);
    expect((await newKey('secret')).role).toBe('Viewer');

    const list = await keys(users.StoreAdmin, 'GET');
    expect(list.status).toBe(200);
    expect(list.body.items.map((k: { id: string }) => k.id)).toEqual(
      expect.arrayContaining([secret.id, publishable.id]),
    );
    expect(JSON.stringify(list.body)).not.toContain(secret.key);
    expect(list.body.items.every((k: object) => !('key' in k))).toBe(true);
  });

  it('is for StoreAdmins only, and refuses a role on a publishable key', async () => {
    for (const role of ['Manager', 'Staff', 'Viewer']) {
      expect((await keys(users[role], 'GET')).status).toBe(403);
      expect((await keys(users[role], 'POST', '', { name: 'x', type: 'secret' })).status).toBe(403);
    }
    expect((await keys(users.outsider, 'GET')).status).toBe(404);
    const bad = await keys(users.StoreAdmin, 'POST', '', {
      name: 'x',
      type: 'publishable',
      role: 'Manager',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('role');
    expect((await keys(users.StoreAdmin, 'POST', '', { name: 'x', type: 'other' })).status).toBe(
      400,
    );
  });

  it("acts on its store's routes under the roles matrix, with its role", async () => {
    const byRole = Object.fromEntries(
      await Promise.all(
        (['StoreAdmin', 'Manager', 'Staff', 'Viewer'] as const).map(async (r) => [
          r,
          (await newKey('secret', r)).key,
        ]),
      ),
    ) as Record<Role, string>;
    // The rows that need an order or other users are covered by the users' matrix test.
    const storeOrders = MATRIX_ACTIONS.filter((a) => !a.path.includes('{orderId}') && !a.bodyFor);
    for (const action of storeOrders) {
      for (const role of ['StoreAdmin', 'Manager', 'Staff', 'Viewer'] as const) {
        const res = await withKey(
          byRole[role],
          action.method,
          action.path.replace('{storeId}', store.id),
          action.body,
        );
        const barred = action.path.includes('/members');
        if (barred) expect([action.label, role, res.status]).toEqual([action.label, role, 403]);
        else if (roleAllows(role, action.permission)) {
          expect([action.label, role, [403, 404, 401].includes(res.status)]).toEqual([
            action.label,
            role,
            false,
          ]);
        } else expect([action.label, role, res.status]).toEqual([action.label, role, 403]);
      }
    }
  });

  it('is refused on another store (404), on /stores, /auth/*, members and keys (403)', async () => {
    const key = (await newKey('secret', 'StoreAdmin')).key;
    const owner = await registerUser(api);
    const other = await createStore(api, owner);
    expect((await withKey(key, 'GET', `/stores/${other.id}`)).status).toBe(404);
    expect((await withKey(key, 'GET', `/stores/${store.id}`)).status).toBe(200);
    expect((await withKey(key, 'GET', '/stores')).status).toBe(403);
    expect(
      (await withKey(key, 'POST', '/stores', { name: 'K', slug: 'key-store', currency: 'USD' }))
        .status,
    ).toBe(403);
    expect((await withKey(key, 'GET', '/auth/profile')).status).toBe(403);
    expect((await withKey(key, 'POST', '/auth/logout', { refreshToken: 'x' })).status).toBe(403);
    expect((await withKey(key, 'GET', `/stores/${store.id}/members`)).status).toBe(403);
    expect((await withKey(key, 'GET', `/stores/${store.id}/api-keys`)).status).toBe(403);
  });

  it('refuses a publishable key as a bearer, an unknown key and a revoked one (401)', async () => {
    const publishable = (await newKey('publishable')).key;
    expect((await withKey(publishable, 'GET', `/stores/${store.id}`)).status).toBe(401);
    expect(
      (await withKey('silk_sk_notarealkeynotarealkeynotarealkey12', 'GET', `/stores/${store.id}`))
        .status,
    ).toBe(401);
    const secret = await newKey('secret', 'Viewer');
    expect((await withKey(secret.key, 'GET', `/stores/${store.id}/orders`)).status).toBe(200);
    expect((await keys(users.StoreAdmin, 'DELETE', `/${secret.id}`)).status).toBe(204);
    expect((await withKey(secret.key, 'GET', `/stores/${store.id}/orders`)).status).toBe(401);
    expect((await keys(users.StoreAdmin, 'DELETE', `/${secret.id}`)).status).toBe(404);
  });

  it('stamps lastUsedAt when a key is used', async () => {
    const secret = await newKey('secret', 'Viewer');
    await withKey(secret.key, 'GET', `/stores/${store.id}`);
    let listed: { lastUsedAt: string | null } | undefined;
    for (let i = 0; i < 40 && !listed?.lastUsedAt; i++) {
      await new Promise((r) => setTimeout(r, 50));
      listed = (await keys(users.StoreAdmin, 'GET')).body.items.find(
        (k: { id: string }) => k.id === secret.id,
      );
    }
    expect(listed?.lastUsedAt).toEqual(expect.any(String));
  });
});

describe('publishable keys on the storefront (HTTP)', () => {
  let api: TestApi;
  let admin: TestUser;
  let store: { id: string; slug: string };
  let publishable: string;
  let secret: string;
  const sf = (path: string, key?: string) =>
    api.http('GET', `/api/v1/catalog/${store.slug}${path}`, {
      headers: key ? { 'x-publishable-key': key } : undefined,
    });
  const requireKey = (on: boolean) =>
    api.http('PATCH', `/api/v1/stores/${store.id}`, {
      token: admin.token,
      body: { settings: { storefront: { requirePublishableKey: on } } },
    });

  beforeAll(async () => {
    api = await startTestApi({ env: { AUTH_RATE_LIMIT: '100000', STOREFRONT_CACHE: 'on' } });
    admin = await registerUser(api);
    store = await createStore(api, admin);
    const make = async (type: string) =>
      (
        await api.http('POST', `/api/v1/stores/${store.id}/api-keys`, {
          token: admin.token,
          body: { name: type, type },
        })
      ).body.key as string;
    publishable = await make('publishable');
    secret = await make('secret');
  });
  afterAll(() => api.close());

  it('is optional by default, but a wrong or secret key is refused (401)', async () => {
    expect((await sf('/products')).status).toBe(200);
    expect((await sf('/products', publishable)).status).toBe(200);
    expect((await sf('/products', secret)).status).toBe(401);
    expect((await sf('/products', 'silk_pk_wrongwrongwrongwrongwrongwrongwrong')).status).toBe(401);
  });

  it('is required once the store says so, on cached reads too, and not on the return pages', async () => {
    expect((await sf('/categories')).status).toBe(200); // cached now
    const patched = await requireKey(true);
    expect(patched.body.settings.storefront).toEqual({ requirePublishableKey: true });
    expect((await sf('/categories')).status).toBe(401);
    expect((await sf('/products')).status).toBe(401);
    expect((await sf('/products', publishable)).status).toBe(200);
    expect((await sf('/categories', publishable)).status).toBe(200);
    const cart = await api.http('POST', `/api/v1/catalog/${store.slug}/carts`, { body: {} });
    expect(cart.status).toBe(401);
    expect((await sf('/checkout/cancel')).status).toBeLessThan(400);
    await requireKey(false);
    expect((await sf('/categories')).status).toBe(200);
  });

  it('refuses an unknown time zone in the settings (400) and keeps a valid one', async () => {
    const bad = await api.http('PATCH', `/api/v1/stores/${store.id}`, {
      token: admin.token,
      body: { settings: { timezone: 'Mars/Olympus' } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('settings.timezone');
    const good = await api.http('PATCH', `/api/v1/stores/${store.id}`, {
      token: admin.token,
      body: { settings: { timezone: 'Europe/Paris' } },
    });
    expect(good.body.settings.timezone).toBe('Europe/Paris');
  });
});
