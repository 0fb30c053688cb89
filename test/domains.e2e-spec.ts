import { productWithVariants, storeWithStaff, TestUser } from './support/fixtures';
import { DnsDouble } from './support/dns-double';
import { requestAsHost } from './support/http';
import { startTestApi, TestApi } from './support/test-api';

/** Custom domains: claimed once across stores, verified by a TXT record, serving /storefront. */
describe('Custom domains and /storefront (HTTP)', () => {
  let api: TestApi;
  let dns: DnsDouble;
  let store: { id: string; slug: string };
  let users: Record<string, TestUser>;
  let other: { store: { id: string; slug: string }; users: Record<string, TestUser> };

  const domains = (user: TestUser, method: string, path = '', body?: unknown, storeId = store.id) =>
    api.http(method, `/api/v1/stores/${storeId}/domains${path}`, { token: user.token, body });

  /** A request with its own Host header, as a browser on the custom domain sends it. */
  const byHost = (host: string, method: string, path: string, body?: unknown) =>
    requestAsHost(api.url(path), host, method, body);

  beforeAll(async () => {
    dns = await DnsDouble.start();
    api = await startTestApi({
      env: { AUTH_RATE_LIMIT: '100000', DNS_SERVERS: dns.address, STOREFRONT_CACHE: 'on' },
    });
    ({ store, users } = await storeWithStaff(api));
    other = await storeWithStaff(api);
  });
  afterAll(async () => {
    await api.close();
    await dns.close();
  });

  it('claims a hostname with the contract shape, once across stores', async () => {
    const res = await domains(users.StoreAdmin, 'POST', '', { hostname: 'shop.example.com' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      hostname: 'shop.example.com',
      status: 'pending',
      verification: {
        type: 'TXT',
        name: '_silkcart.shop.example.com',
        value: expect.stringMatching(/^silkcart-verification=[A-Za-z0-9_-]{24}$/),
      },
      createdAt: expect.any(String),
      verifiedAt: null,
    });
    const again = await domains(users.StoreAdmin, 'POST', '', { hostname: 'shop.example.com' });
    expect(again.status).toBe(409);
    const elsewhere = await domains(
      other.users.StoreAdmin,
      'POST',
      '',
      { hostname: 'shop.example.com' },
      other.store.id,
    );
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.body.detail).toContain('shop.example.com');

    for (const hostname of [
      'Shop.Example.com',
      'localhost',
      '10.0.0.1',
      'a..b.com',
      '-a.com',
      'x',
    ]) {
      const bad = await domains(users.StoreAdmin, 'POST', '', { hostname });
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].field).toBe('hostname');
    }
  });

  it('lists for every member; StoreAdmins only change them; another store sees 404', async () => {
    for (const role of ['Manager', 'Staff', 'Viewer']) {
      const list = await domains(users[role], 'GET');
      expect(list.status).toBe(200);
      expect(list.body.items.map((d: { hostname: string }) => d.hostname)).toContain(
        'shop.example.com',
      );
      expect((await domains(users[role], 'POST', '', { hostname: 'x.example.com' })).status).toBe(
        403,
      );
    }
    const [mine] = (await domains(users.StoreAdmin, 'GET')).body.items;
    expect(
      (
        await domains(
          other.users.StoreAdmin,
          'POST',
          `/${mine.id}/verify`,
          undefined,
          other.store.id,
        )
      ).status,
    ).toBe(404);
    expect(
      (await domains(other.users.StoreAdmin, 'DELETE', `/${mine.id}`, undefined, other.store.id))
        .status,
    ).toBe(404);
  });

  it('verifies only when the TXT record holds the value, saying what it found', async () => {
    const [domain] = (await domains(users.StoreAdmin, 'GET')).body.items;
    const missing = await domains(users.StoreAdmin, 'POST', `/${domain.id}/verify`);
    expect(missing.status).toBe(409);
    expect(missing.body.detail).toContain('_silkcart.shop.example.com');
    expect(missing.body.detail).toContain('no such name');
    expect(dns.asked).toContain('TXT _silkcart.shop.example.com');

    dns.txt.set('_silkcart.shop.example.com', ['google-site-verification=abc', 'wrong']);
    const wrong = await domains(users.StoreAdmin, 'POST', `/${domain.id}/verify`);
    expect(wrong.status).toBe(409);
    expect(wrong.body.detail).toContain('"wrong"');

    dns.txt.set('_silkcart.shop.example.com', 'fail');
    const failed = await domains(users.StoreAdmin, 'POST', `/${domain.id}/verify`);
    expect(failed.status).toBe(502);

    dns.txt.set('_silkcart.shop.example.com', ['other', domain.verification.value]);
    const ok = await domains(users.StoreAdmin, 'POST', `/${domain.id}/verify`);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'verified', verifiedAt: expect.any(String) });
    const audit = await api.http(
      'GET',
      `/api/v1/stores/${store.id}/audit-log?resourceId=${domain.id}`,
      {
        token: users.StoreAdmin.token,
      },
    );
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual([
      'domain.verified',
      'domain.created',
    ]);
  });

  it('serves /storefront by X-Store-Slug or a verified Host, as the slug path does', async () => {
    await productWithVariants(api, store.id, users.StoreAdmin, [[1500, 3]], 'Host lamp');
    const bySlug = await api.http('GET', `/api/v1/catalog/${store.slug}/products?q=lamp`);
    expect(bySlug.status).toBe(200);
    expect(bySlug.body.total).toBe(1);

    const byHeader = await api.http('GET', '/api/v1/storefront/products?q=lamp', {
      headers: { 'x-store-slug': store.slug },
    });
    expect(byHeader.status).toBe(200);
    expect(byHeader.body).toEqual(bySlug.body);

    const hosted = await byHost('shop.example.com', 'GET', '/api/v1/storefront/products?q=lamp');
    expect(hosted.status).toBe(200);
    expect(hosted.body).toEqual(bySlug.body);
    const withPort = await byHost('SHOP.example.com:8443', 'GET', '/api/v1/storefront/products');
    expect(withPort.status).toBe(200);

    const slug = bySlug.body.items[0].slug;
    const detail = await byHost('shop.example.com', 'GET', `/api/v1/storefront/products/${slug}`);
    expect(detail.status).toBe(200);
    expect(detail.body.title).toBe('Host lamp');
    const tree = await byHost('shop.example.com', 'GET', '/api/v1/storefront/categories');
    expect(tree.status).toBe(200);

    // Writes too: a cart made through the domain is the store's.
    const cart = await byHost('shop.example.com', 'POST', '/api/v1/storefront/carts', {});
    expect(cart.status).toBe(201);
    const same = await api.http('GET', `/api/v1/catalog/${store.slug}/carts/${cart.body.id}`);
    expect(same.status).toBe(200);

    // The header wins over the host; an unknown or invalid slug, or an unverified host, is a 404.
    const header = await api.http('GET', '/api/v1/storefront/products', {
      headers: { 'x-store-slug': other.store.slug },
    });
    expect(header.body.total).toBe(0);
    expect(
      (
        await api.http('GET', '/api/v1/storefront/products', {
          headers: { 'x-store-slug': 'no-such' },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await api.http('GET', '/api/v1/storefront/products', {
          headers: { 'x-store-slug': '../x' },
        })
      ).status,
    ).toBe(404);
    expect((await byHost('unknown.example.com', 'GET', '/api/v1/storefront/products')).status).toBe(
      404,
    );
    const pending = await domains(users.StoreAdmin, 'POST', '', {
      hostname: 'pending.example.com',
    });
    expect(pending.status).toBe(201);
    expect((await byHost('pending.example.com', 'GET', '/api/v1/storefront/products')).status).toBe(
      404,
    );
  });

  it('stops serving a deleted domain and frees its hostname', async () => {
    const [domain] = (await domains(users.StoreAdmin, 'GET')).body.items;
    expect((await domains(users.StoreAdmin, 'DELETE', `/${domain.id}`)).status).toBe(204);
    expect((await domains(users.StoreAdmin, 'DELETE', `/${domain.id}`)).status).toBe(404);
    expect((await byHost('shop.example.com', 'GET', '/api/v1/storefront/products')).status).toBe(
      404,
    );
    const claimed = await domains(
      other.users.StoreAdmin,
      'POST',
      '',
      { hostname: 'shop.example.com' },
      other.store.id,
    );
    expect(claimed.status).toBe(201);
  });
});
