import { waitFor } from './support/http';
import {
  ADDRESS,
  createStore,
  productWithVariants,
  registerUser,
  sentMail,
  storeWithStaff,
  TestUser,
  unique,
  waitForMail,
} from './support/fixtures';
import { startTestApi, TestApi } from './support/test-api';

const PASSWORD = 'correct horse battery';

interface Store {
  id: string;
  slug: string;
  name: string;
}

interface Customer {
  id: string;
  email: string;
  name: string;
  password: string;
  token: string;
  refreshToken: string;
}

/** Storefront customer accounts over HTTP, written against the contract's Customers section. */
describe('customers (HTTP)', () => {
  let api: TestApi;
  let admin: TestUser;
  let store: Store;
  let otherAdmin: TestUser;
  let otherStore: Store;

  const base = (slug: string) => `/api/v1/catalog/${slug}/customers`;
  const post = (slug: string, path: string, body: unknown, token?: string) =>
    api.http('POST', `${base(slug)}${path}`, { body, token });
  const register = (slug: string, body: unknown) => post(slug, '', body);
  const signIn = (slug: string, email: string, password: string) =>
    post(slug, '/token', { email, password });
  const refresh = (slug: string, refreshToken: string) => post(slug, '/refresh', { refreshToken });
  /** A call on the customer's own routes (`/customers/me...`) of a store. */
  const me = (slug: string, token: string | undefined, method = 'GET', path = '', body?: unknown) =>
    api.http(method, `${base(slug)}/me${path}`, { token, body });
  const resetToken = (text: string) => /^([A-Za-z0-9_-]{43})$/m.exec(text)?.[1] as string;
  const withoutRequest = (problem: Record<string, unknown>) => ({
    ...problem,
    requestId: undefined,
    instance: undefined,
  });
  const ids = (res: { body: { items: Array<{ id: string }> } }) =>
    res.body.items.map((item) => item.id);

  /** A customer registered in a store; the email is unique unless given. */
  async function newCustomer(
    slug: string,
    options: { name?: string; email?: string; password?: string } = {},
  ): Promise<Customer> {
    const email = options.email ?? `${unique('cust')}@example.com`;
    const name = options.name ?? 'Cora Customer';
    const password = options.password ?? PASSWORD;
    const res = await register(slug, { email, password, name });
    if (res.status !== 201) throw new Error(`customer: ${res.status} ${res.text}`);
    return {
      id: res.body.customer.id,
      email,
      name,
      password,
      token: res.body.accessToken,
      refreshToken: res.body.refreshToken,
    };
  }

  /** A product made by the store's admin; answers the store-side product. */
  async function product(
    storeId: string,
    owner: TestUser,
    variants: Array<[number, number]>,
    status = 'active',
  ): Promise<{ id: string; slug: string; title: string; variants: Array<{ id: string }> }> {
    const res = await api.http('POST', `/api/v1/stores/${storeId}/products`, {
      token: owner.token,
      body: {
        title: unique('Wish'),
        status,
        variants: variants.map(([price, stock], i) => ({
          sku: `${unique('SKU')}-${i}`,
          title: `V${i}`,
          price,
          stock,
        })),
      },
    });
    if (res.status !== 201) throw new Error(`product: ${res.status} ${res.text}`);
    return res.body;
  }

  /** A storefront order of one unit; with a token it is the customer's. */
  const order = (slug: string, variantId: string, token?: string, email = 'buyer@example.com') =>
    api.http('POST', `/api/v1/catalog/${slug}/orders`, {
      token,
      body: { items: [{ variantId, quantity: 1 }], email, shippingAddress: ADDRESS },
    });

  beforeAll(async () => {
    api = await startTestApi({
      env: { AUTH_RATE_LIMIT: '100000', STOREFRONT_RATE_LIMIT: '100000' },
    });
    admin = await registerUser(api, 'Shop Admin');
    store = await createStore(api, admin);
    otherAdmin = await registerUser(api, 'Other Admin');
    otherStore = await createStore(api, otherAdmin);
  });
  afterAll(() => api.close());

  describe('POST /catalog/{storeSlug}/customers', () => {
    it('creates an account and answers the customer with a token pair', async () => {
      const email = `${unique('ada')}@example.com`;
      const res = await register(store.slug, { email, password: PASSWORD, name: 'Ada Shopper' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        customer: { id: expect.stringMatching(/^[0-9a-f-]{36}$/), email, name: 'Ada Shopper' },
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
        tokenType: 'Bearer',
        expiresIn: expect.any(Number),
      });
      expect(res.body.expiresIn).toBeGreaterThan(0);
      expect(res.body.expiresIn).toBeLessThanOrEqual(900);
      const claims = JSON.parse(
        Buffer.from(res.body.accessToken.split('.')[1], 'base64url').toString(),
      );
      expect(claims.exp - claims.iat).toBeLessThanOrEqual(900);
      const profile = await me(store.slug, res.body.accessToken);
      expect(profile.status).toBe(200);
      expect(profile.body.id).toBe(res.body.customer.id);
    });

    it('sends the customer-welcome email naming the customer and the store', async () => {
      const customer = await newCustomer(store.slug, { name: 'Wendy Welcome' });
      const mail = await waitForMail(api, customer.email, 'customer-welcome');
      expect(mail.text).toContain('Wendy');
      expect(mail.html).toContain('Wendy');
      expect(mail.text).toContain(store.name);
      // A shopper is not a merchant: no merchant welcome.
      expect(sentMail(api, customer.email).map((m) => m.template)).not.toContain('welcome');
    });

    it('refuses an email taken in this store, whatever its case → 409', async () => {
      const customer = await newCustomer(store.slug);
      const res = await register(store.slug, {
        email: customer.email.toUpperCase(),
        password: PASSWORD,
        name: 'Again',
      });
      expect(res.status).toBe(409);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    });

    it('refuses a password under 10 or over 128 characters → 400 naming it', async () => {
      const short = await register(store.slug, {
        email: `${unique('short')}@example.com`,
        password: 'short',
        name: 'Short',
      });
      expect(short.status).toBe(400);
      expect(short.body.errors.map((e: { field: string }) => e.field)).toEqual(['password']);
      const long = await register(store.slug, {
        email: `${unique('long')}@example.com`,
        password: 'x'.repeat(129),
        name: 'Long',
      });
      expect(long.status).toBe(400);
      expect(long.body.errors.map((e: { field: string }) => e.field)).toEqual(['password']);
    });

    it('validates email, password and name, and refuses unknown fields → 400 naming each', async () => {
      const res = await register(store.slug, {
        email: 'not-an-email',
        password: 'short',
        role: 'admin',
      });
      expect(res.status).toBe(400);
      // Every field named (a missing name breaks two of its rules: named once per rule).
      expect([...new Set(res.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual(
        ['email', 'name', 'password', 'role'].sort(),
      );
    });

    it('answers 404 for an unknown store slug', async () => {
      const res = await register(unique('nostore'), {
        email: `${unique('x')}@example.com`,
        password: PASSWORD,
        name: 'Nobody',
      });
      expect(res.status).toBe(404);
    });
  });

  describe('one email, several accounts', () => {
    it('keeps a customer in each of two stores and a merchant login as three separate accounts', async () => {
      const email = `${unique('multi')}@example.com`;
      const [merchantPw, aPw, bPw] = ['merchant secret one', 'store a secret', 'store b secret'];
      const merchant = await api.http('POST', '/api/v1/auth/register', {
        body: { email, password: merchantPw, name: 'Multi Merchant' },
      });
      expect(merchant.status).toBe(201);
      const a = await newCustomer(store.slug, { email, password: aPw, name: 'Multi A' });
      const b = await newCustomer(otherStore.slug, { email, password: bPw, name: 'Multi B' });
      expect(new Set([merchant.body.user.id, a.id, b.id]).size).toBe(3);

      // Each account has its own password.
      expect((await signIn(store.slug, email, aPw)).status).toBe(200);
      expect((await signIn(otherStore.slug, email, bPw)).status).toBe(200);
      expect((await signIn(otherStore.slug, email, aPw)).status).toBe(401);
      expect((await signIn(store.slug, email, bPw)).status).toBe(401);
      expect((await signIn(store.slug, email, merchantPw)).status).toBe(401);
      const merchantSignIn = (password: string) =>
        api.http('POST', '/api/v1/auth/token', { body: { email, password } });
      expect((await merchantSignIn(aPw)).status).toBe(401);
      expect((await merchantSignIn(merchantPw)).status).toBe(200);

      // Each sees its own profile; a token is good in its own store only.
      expect((await me(store.slug, a.token)).body).toMatchObject({ id: a.id, name: 'Multi A' });
      expect((await me(otherStore.slug, b.token)).body).toMatchObject({
        id: b.id,
        name: 'Multi B',
      });
      expect((await me(otherStore.slug, a.token)).status).toBe(401);
      expect((await me(store.slug, merchant.body.accessToken)).status).toBe(401);

      // A welcome per store account.
      const welcomes = await waitFor(
        async () => {
          const sent = sentMail(api, email).filter((m) => m.template === 'customer-welcome');
          return sent.length >= 2 && sent;
        },
        20_000,
        'two customer-welcome emails',
      );
      expect(welcomes).toHaveLength(2);

      // A password reset in store A changes store A's account only.
      expect((await post(store.slug, '/password/forgot', { email })).status).toBe(202);
      const mail = await waitForMail(api, email, 'customer-password-reset');
      const token = resetToken(mail.text);
      expect(token).toBeDefined();
      const reset = await post(store.slug, '/password/reset', {
        token,
        password: 'store a reset secret',
      });
      expect(reset.status).toBe(204);
      expect((await signIn(store.slug, email, 'store a reset secret')).status).toBe(200);
      expect((await signIn(otherStore.slug, email, bPw)).status).toBe(200);
      expect((await merchantSignIn(merchantPw)).status).toBe(200);
    });

    it('keeps refresh tokens to their own store and apart from merchant logins → 401', async () => {
      const a = await newCustomer(store.slug);
      const merchant = await registerUser(api);
      expect((await refresh(otherStore.slug, a.refreshToken)).status).toBe(401);
      expect(
        (await api.http('POST', '/api/v1/auth/refresh', { body: { refreshToken: a.refreshToken } }))
          .status,
      ).toBe(401);
      expect((await refresh(store.slug, merchant.refreshToken)).status).toBe(401);
      // Presented in the wrong place, the token was never spent where it belongs.
      expect((await refresh(store.slug, a.refreshToken)).status).toBe(200);
    });
  });

  describe('POST /catalog/{storeSlug}/customers/token', () => {
    it('signs in with email (any case) and password → 200 token pair', async () => {
      const customer = await newCustomer(store.slug);
      const res = await signIn(store.slug, customer.email.toUpperCase(), customer.password);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
        tokenType: 'Bearer',
      });
      expect(res.body.expiresIn).toBeLessThanOrEqual(900);
      expect((await me(store.slug, res.body.accessToken)).body.id).toBe(customer.id);
    });

    it('answers the same 401 for a wrong password and an unknown email', async () => {
      const customer = await newCustomer(store.slug);
      const wrong = await signIn(store.slug, customer.email, 'wrong password!!');
      const unknown = await signIn(
        store.slug,
        `${unique('nobody')}@example.com`,
        'wrong password!!',
      );
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect(wrong.headers.get('content-type')).toContain('application/problem+json');
      expect(withoutRequest(wrong.body)).toEqual(withoutRequest(unknown.body));
    });

    it('does not know a customer of another store → the same 401', async () => {
      const elsewhere = await newCustomer(otherStore.slug);
      const res = await signIn(store.slug, elsewhere.email, elsewhere.password);
      const unknown = await signIn(
        store.slug,
        `${unique('nobody')}@example.com`,
        elsewhere.password,
      );
      expect(res.status).toBe(401);
      expect(withoutRequest(res.body)).toEqual(withoutRequest(unknown.body));
    });
  });

  describe('POST /catalog/{storeSlug}/customers/refresh', () => {
    it('rotates: a new pair, and the old refresh token is spent', async () => {
      const customer = await newCustomer(store.slug);
      const first = await refresh(store.slug, customer.refreshToken);
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
        tokenType: 'Bearer',
      });
      expect(first.body.expiresIn).toBeLessThanOrEqual(900);
      expect(first.body.refreshToken).not.toBe(customer.refreshToken);
      expect((await me(store.slug, first.body.accessToken)).body.id).toBe(customer.id);
      expect((await refresh(store.slug, customer.refreshToken)).status).toBe(401);
    });

    it('detects reuse: a spent token → 401 and every token of that login is revoked', async () => {
      const customer = await newCustomer(store.slug);
      const otherLogin = await signIn(store.slug, customer.email, customer.password);
      const rotated = await refresh(store.slug, customer.refreshToken);
      expect(rotated.status).toBe(200);
      const reused = await refresh(store.slug, customer.refreshToken);
      expect(reused.status).toBe(401);
      // The thief's copy killed the legitimate successor too...
      expect((await refresh(store.slug, rotated.body.refreshToken)).status).toBe(401);
      // ...but not the customer's other login.
      expect((await refresh(store.slug, otherLogin.body.refreshToken)).status).toBe(200);
    });

    it('refuses an unknown token → 401', async () => {
      expect((await refresh(store.slug, 'nope')).status).toBe(401);
    });
  });

  describe('password reset', () => {
    it('answers 202 whether or not the account exists', async () => {
      const ghost = await post(store.slug, '/password/forgot', {
        email: `${unique('ghost')}@example.com`,
      });
      expect(ghost.status).toBe(202);
      const customer = await newCustomer(store.slug);
      expect((await post(store.slug, '/password/forgot', { email: customer.email })).status).toBe(
        202,
      );
    });

    it('resets with the token from the customer-password-reset email, once, and signs out everywhere', async () => {
      const customer = await newCustomer(store.slug);
      await post(store.slug, '/password/forgot', { email: customer.email });
      const mail = await waitForMail(api, customer.email, 'customer-password-reset');
      const token = resetToken(mail.text);
      expect(token).toBeDefined();
      expect(mail.html).toContain(token);

      // The token belongs to this store's account only.
      expect(
        (await post(otherStore.slug, '/password/reset', { token, password: 'not in this store' }))
          .status,
      ).toBe(400);
      expect(
        (
          await api.http('POST', '/api/v1/auth/password/reset', {
            body: { token, password: 'not a merchant reset' },
          })
        ).status,
      ).toBe(400);
      const short = await post(store.slug, '/password/reset', { token, password: 'short' });
      expect(short.status).toBe(400);
      expect(short.body.errors.map((e: { field: string }) => e.field)).toContain('password');

      const reset = await post(store.slug, '/password/reset', {
        token,
        password: 'reset to this one',
      });
      expect(reset.status).toBe(204);
      expect((await signIn(store.slug, customer.email, 'reset to this one')).status).toBe(200);
      expect((await signIn(store.slug, customer.email, customer.password)).status).toBe(401);
      expect((await refresh(store.slug, customer.refreshToken)).status).toBe(401);

      const again = await post(store.slug, '/password/reset', {
        token,
        password: 'and again this one',
      });
      expect(again.status).toBe(400);
      expect(again.body.errors[0].field).toBe('token');
    });
  });

  describe('/catalog/{storeSlug}/customers/me', () => {
    it('reads the profile', async () => {
      const customer = await newCustomer(store.slug, { name: 'Petra Profile' });
      const res = await me(store.slug, customer.token);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        id: customer.id,
        email: customer.email,
        name: 'Petra Profile',
        createdAt: expect.any(String),
      });
      expect(res.body.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    });

    it('needs a customer bearer token → 401', async () => {
      const merchant = await registerUser(api);
      expect((await me(store.slug, undefined)).status).toBe(401);
      expect((await me(store.slug, 'garbage.token.here')).status).toBe(401);
      expect((await me(store.slug, merchant.token)).status).toBe(401);
      // Not even the store's own admin.
      expect((await me(store.slug, admin.token)).status).toBe(401);
      expect((await me(store.slug, admin.token, 'GET', '/orders')).status).toBe(401);
    });

    it('renames', async () => {
      const customer = await newCustomer(store.slug, { name: 'Before' });
      const res = await me(store.slug, customer.token, 'PATCH', '', { name: 'After' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        id: customer.id,
        email: customer.email,
        name: 'After',
        createdAt: expect.any(String),
      });
      expect((await me(store.slug, customer.token)).body.name).toBe('After');
    });

    it('refuses fields it does not take → 400 naming them', async () => {
      const customer = await newCustomer(store.slug);
      const res = await me(store.slug, customer.token, 'PATCH', '', {
        email: 'other@example.com',
      });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['email']);
    });

    it('changes the password only with the right currentPassword (400 naming it otherwise)', async () => {
      const customer = await newCustomer(store.slug);
      const patch = (body: unknown) => me(store.slug, customer.token, 'PATCH', '', body);
      const missing = await patch({ password: 'a brand new secret' });
      expect(missing.status).toBe(400);
      expect(missing.body.errors).toEqual([
        { field: 'currentPassword', message: expect.any(String) },
      ]);
      const wrong = await patch({
        password: 'a brand new secret',
        currentPassword: 'not it at all',
      });
      expect(wrong.status).toBe(400);
      expect(wrong.body.errors[0].field).toBe('currentPassword');
      expect((await signIn(store.slug, customer.email, customer.password)).status).toBe(200);

      const ok = await patch({
        password: 'a brand new secret',
        currentPassword: customer.password,
      });
      expect(ok.status).toBe(200);
      expect((await signIn(store.slug, customer.email, 'a brand new secret')).status).toBe(200);
      expect((await signIn(store.slug, customer.email, customer.password)).status).toBe(401);
    });
  });

  describe('customer tokens outside their store', () => {
    it('are refused on another store, on /stores/... and on /auth/* → 401', async () => {
      const customer = await newCustomer(store.slug);
      const as = (method: string, path: string, body?: unknown) =>
        api.http(method, `/api/v1${path}`, { token: customer.token, body });

      expect((await me(otherStore.slug, customer.token)).status).toBe(401);
      expect((await me(otherStore.slug, customer.token, 'GET', '/orders')).status).toBe(401);
      expect((await me(otherStore.slug, customer.token, 'GET', '/wishlist')).status).toBe(401);

      expect((await as('GET', '/stores')).status).toBe(401);
      expect(
        (await as('POST', '/stores', { name: 'Mine', slug: unique('cs'), currency: 'USD' })).status,
      ).toBe(401);
      expect((await as('GET', `/stores/${store.id}`)).status).toBe(401);
      expect((await as('GET', `/stores/${store.id}/customers`)).status).toBe(401);
      expect((await as('GET', `/stores/${store.id}/orders`)).status).toBe(401);

      expect((await as('GET', '/auth/profile')).status).toBe(401);
      expect((await as('PATCH', '/auth/profile', { name: 'Hijack' })).status).toBe(401);
      expect(
        (await as('POST', '/auth/logout', { refreshToken: customer.refreshToken })).status,
      ).toBe(401);
    });

    it("do not place an order in another store's storefront → 401, nothing ordered", async () => {
      const customer = await newCustomer(store.slug);
      const [variant] = await productWithVariants(api, otherStore.id, otherAdmin, [[1000, 10]]);
      const res = await order(otherStore.slug, variant.id, customer.token, customer.email);
      expect(res.status).toBe(401);
      const orders = await api.http('GET', `/api/v1/stores/${otherStore.id}/orders`, {
        token: otherAdmin.token,
      });
      expect(orders.body.items.map((o: { email: string }) => o.email)).not.toContain(
        customer.email,
      );
    });
  });

  describe('/catalog/{storeSlug}/customers/me/addresses', () => {
    const full = {
      name: 'Ada Buyer',
      line1: '1 Rue de Rivoli',
      line2: 'Bâtiment B',
      city: 'Paris',
      region: 'IDF',
      postalCode: '75001',
      country: 'FR',
      phone: '+33123456789',
    };

    it('adds addresses in the order address shape and lists them', async () => {
      const customer = await newCustomer(store.slug);
      const first = await me(store.slug, customer.token, 'POST', '/addresses', full);
      expect(first.status).toBe(201);
      expect(first.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), ...full });
      const second = await me(store.slug, customer.token, 'POST', '/addresses', ADDRESS);
      expect(second.status).toBe(201);
      expect(second.body).toMatchObject({ id: expect.any(String), ...ADDRESS });

      const list = await me(store.slug, customer.token, 'GET', '/addresses');
      expect(list.status).toBe(200);
      expect(list.body.items).toHaveLength(2);
      expect(list.body.items).toEqual(expect.arrayContaining([first.body, second.body]));
    });

    it('validates the address → 400 naming each field', async () => {
      const customer = await newCustomer(store.slug);
      const bad = async (body: unknown, field: string) => {
        const res = await me(store.slug, customer.token, 'POST', '/addresses', body);
        expect(res.status).toBe(400);
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      };
      await bad({ ...ADDRESS, country: 'France' }, 'country');
      await bad({ name: 'No Street', city: 'Paris', postalCode: '75001', country: 'FR' }, 'line1');
      await bad({ ...ADDRESS, colour: 'red' }, 'colour');
      expect((await me(store.slug, customer.token, 'GET', '/addresses')).body.items).toEqual([]);
    });

    it('deletes an address → 204; unknown or another customer’s → 404', async () => {
      const owner = await newCustomer(store.slug);
      const other = await newCustomer(store.slug);
      const kept = (await me(store.slug, owner.token, 'POST', '/addresses', ADDRESS)).body;
      const gone = (await me(store.slug, owner.token, 'POST', '/addresses', full)).body;

      expect((await me(store.slug, other.token, 'DELETE', `/addresses/${kept.id}`)).status).toBe(
        404,
      );
      expect((await me(store.slug, other.token, 'GET', '/addresses')).body.items).toEqual([]);

      expect((await me(store.slug, owner.token, 'DELETE', `/addresses/${gone.id}`)).status).toBe(
        204,
      );
      expect((await me(store.slug, owner.token, 'DELETE', `/addresses/${gone.id}`)).status).toBe(
        404,
      );
      expect(ids(await me(store.slug, owner.token, 'GET', '/addresses'))).toEqual([kept.id]);
    });

    it('needs a customer bearer token → 401', async () => {
      expect((await me(store.slug, undefined, 'GET', '/addresses')).status).toBe(401);
      expect((await me(store.slug, undefined, 'POST', '/addresses', ADDRESS)).status).toBe(401);
      expect((await me(store.slug, admin.token, 'GET', '/addresses')).status).toBe(401);
    });
  });

  describe('/catalog/{storeSlug}/customers/me/wishlist', () => {
    const wishlist = async (customer: Customer) => {
      const res = await me(store.slug, customer.token, 'GET', '/wishlist');
      expect(res.status).toBe(200);
      return res.body.items as Array<{ productId: string }>;
    };

    it('adds active products idempotently and lists them with the contract shape', async () => {
      const customer = await newCustomer(store.slug);
      const boot = await product(store.id, admin, [
        [2500, 3],
        [1500, 0],
      ]);
      const soldOut = await product(store.id, admin, [[900, 0]]);
      const put = (productId: string) =>
        me(store.slug, customer.token, 'PUT', `/wishlist/${productId}`);

      expect((await put(boot.id)).status).toBe(204);
      expect((await put(boot.id)).status).toBe(204);
      expect((await put(soldOut.id)).status).toBe(204);

      const items = await wishlist(customer);
      expect(items).toHaveLength(2);
      expect(items).toEqual(
        expect.arrayContaining([
          {
            productId: boot.id,
            slug: boot.slug,
            title: boot.title,
            priceMin: 1500,
            inStock: true,
            addedAt: expect.any(String),
          },
          {
            productId: soldOut.id,
            slug: soldOut.slug,
            title: soldOut.title,
            priceMin: 900,
            inStock: false,
            addedAt: expect.any(String),
          },
        ]),
      );
      // Each customer has a wishlist of their own.
      expect(await wishlist(await newCustomer(store.slug))).toEqual([]);
    });

    it('shows active products only: an archived product leaves the list', async () => {
      const customer = await newCustomer(store.slug);
      const stays = await product(store.id, admin, [[1000, 5]]);
      const archived = await product(store.id, admin, [[2000, 5]]);
      await me(store.slug, customer.token, 'PUT', `/wishlist/${stays.id}`);
      await me(store.slug, customer.token, 'PUT', `/wishlist/${archived.id}`);
      expect(await wishlist(customer)).toHaveLength(2);

      const del = await api.http('DELETE', `/api/v1/stores/${store.id}/products/${archived.id}`, {
        token: admin.token,
      });
      expect(del.status).toBe(204);
      expect((await wishlist(customer)).map((i) => i.productId)).toEqual([stays.id]);
    });

    it('refuses a draft, archived, unknown or other store product → 404', async () => {
      const customer = await newCustomer(store.slug);
      const draft = await product(store.id, admin, [[1000, 5]], 'draft');
      const archived = await product(store.id, admin, [[1000, 5]], 'archived');
      const foreign = await product(otherStore.id, otherAdmin, [[1000, 5]]);
      for (const productId of [
        draft.id,
        archived.id,
        foreign.id,
        '00000000-0000-4000-8000-000000000000',
      ]) {
        const res = await me(store.slug, customer.token, 'PUT', `/wishlist/${productId}`);
        expect(res.status).toBe(404);
      }
      expect(await wishlist(customer)).toEqual([]);
    });

    it('removes idempotently → 204, and an unknown product → 404', async () => {
      const customer = await newCustomer(store.slug);
      const item = await product(store.id, admin, [[1000, 5]]);
      await me(store.slug, customer.token, 'PUT', `/wishlist/${item.id}`);
      const remove = () => me(store.slug, customer.token, 'DELETE', `/wishlist/${item.id}`);
      expect((await remove()).status).toBe(204);
      expect((await remove()).status).toBe(204);
      expect(await wishlist(customer)).toEqual([]);
      expect(
        (
          await me(
            store.slug,
            customer.token,
            'DELETE',
            '/wishlist/00000000-0000-4000-8000-000000000000',
          )
        ).status,
      ).toBe(404);
    });

    it('needs a customer bearer token → 401', async () => {
      const item = await product(store.id, admin, [[1000, 5]]);
      expect((await me(store.slug, undefined, 'GET', '/wishlist')).status).toBe(401);
      expect((await me(store.slug, undefined, 'PUT', `/wishlist/${item.id}`)).status).toBe(401);
      expect((await me(store.slug, admin.token, 'PUT', `/wishlist/${item.id}`)).status).toBe(401);
    });
  });

  describe('/catalog/{storeSlug}/customers/me/orders', () => {
    it("lists the orders placed with the customer's token, newest first, paged", async () => {
      const customer = await newCustomer(store.slug);
      const [variant] = await productWithVariants(api, store.id, admin, [[1200, 50]]);
      const first = await order(store.slug, variant.id, customer.token, customer.email);
      expect(first.status).toBe(201);
      const second = await order(store.slug, variant.id, customer.token, customer.email);
      expect(second.status).toBe(201);
      // A guest checkout, even with the customer's email, is not the customer's.
      const guest = await order(store.slug, variant.id, undefined, customer.email);
      expect(guest.status).toBe(201);
      // Another customer's order is not theirs either.
      const someoneElse = await newCustomer(store.slug);
      await order(store.slug, variant.id, someoneElse.token, someoneElse.email);

      const list = await me(store.slug, customer.token, 'GET', '/orders');
      expect(list.status).toBe(200);
      expect(list.body).toMatchObject({ total: 2, page: 1, limit: 20 });
      expect(ids(list)).toEqual([second.body.id, first.body.id]);
      expect(list.body.items[0]).toMatchObject({
        id: second.body.id,
        number: second.body.number,
        status: 'pending_payment',
        email: customer.email,
        total: second.body.total,
        currency: second.body.currency,
      });

      const page = await me(store.slug, customer.token, 'GET', '/orders?limit=1&page=2');
      expect(page.body).toMatchObject({ total: 2, page: 2, limit: 1 });
      expect(ids(page)).toEqual([first.body.id]);
    });

    it("counts a cart made with the customer's token and ordered with it", async () => {
      const customer = await newCustomer(store.slug);
      const [variant] = await productWithVariants(api, store.id, admin, [[800, 50]]);
      const cart = await api.http('POST', `/api/v1/catalog/${store.slug}/carts`, {
        token: customer.token,
        body: { items: [{ variantId: variant.id, quantity: 2 }] },
      });
      expect(cart.status).toBe(201);
      const placed = await api.http('POST', `/api/v1/catalog/${store.slug}/orders`, {
        token: customer.token,
        body: { cartId: cart.body.id, email: customer.email, shippingAddress: ADDRESS },
      });
      expect(placed.status).toBe(201);
      expect(ids(await me(store.slug, customer.token, 'GET', '/orders'))).toEqual([placed.body.id]);
    });

    it('shows nothing of another store', async () => {
      const email = `${unique('both')}@example.com`;
      const here = await newCustomer(store.slug, { email });
      const there = await newCustomer(otherStore.slug, { email });
      const [variant] = await productWithVariants(api, store.id, admin, [[500, 10]]);
      expect((await order(store.slug, variant.id, here.token, email)).status).toBe(201);
      const theirs = await me(otherStore.slug, there.token, 'GET', '/orders');
      expect(theirs.status).toBe(200);
      expect(theirs.body).toMatchObject({ items: [], total: 0 });
    });

    it.each(['limit=0', 'limit=101', 'page=0'])('refuses %s → 400, never clamps', async (q) => {
      const customer = await newCustomer(store.slug);
      expect((await me(store.slug, customer.token, 'GET', `/orders?${q}`)).status).toBe(400);
    });

    it('needs a customer bearer token → 401', async () => {
      expect((await me(store.slug, undefined, 'GET', '/orders')).status).toBe(401);
    });
  });

  describe('GET /stores/{storeId}/customers', () => {
    let fixture: Awaited<ReturnType<typeof storeWithStaff>>;
    let shop: Store;
    let loyal: Customer;
    let idle: Customer;
    const tag = unique('zq').replace('-', '');

    const list = (user: TestUser, query = '') =>
      api.http('GET', `/api/v1/stores/${shop.id}/customers${query}`, { token: user.token });

    beforeAll(async () => {
      fixture = await storeWithStaff(api);
      shop = fixture.store;
      loyal = await newCustomer(shop.slug, { name: `Lena ${tag} Loyal` });
      idle = await newCustomer(shop.slug, { name: 'Ivo Idle' });
      const [variant] = await productWithVariants(api, shop.id, fixture.users.StoreAdmin, [
        [1000, 50],
      ]);
      for (let i = 0; i < 2; i++) {
        const res = await order(shop.slug, variant.id, loyal.token, loyal.email);
        if (res.status !== 201) throw new Error(`order: ${res.status} ${res.text}`);
      }
      await order(shop.slug, variant.id, undefined, 'guest@example.com');
      // A customer of another store, never listed here.
      await newCustomer(otherStore.slug, { name: `Olga ${tag} Other` });
    });

    it('lists the store’s customers with their orders count, for every role', async () => {
      for (const role of ['StoreAdmin', 'Manager', 'Staff', 'Viewer'] as const) {
        const res = await list(fixture.users[role]);
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ total: 2, page: 1, limit: 20 });
        expect(res.body.items).toHaveLength(2);
      }
      const res = await list(fixture.users.Viewer);
      const byId = (id: string) => res.body.items.find((c: { id: string }) => c.id === id);
      expect(byId(loyal.id)).toEqual({
        id: loyal.id,
        email: loyal.email,
        name: loyal.name,
        ordersCount: 2,
        createdAt: expect.any(String),
      });
      expect(byId(idle.id)).toEqual({
        id: idle.id,
        email: idle.email,
        name: 'Ivo Idle',
        ordersCount: 0,
        createdAt: expect.any(String),
      });
    });

    it('searches by email or name with q', async () => {
      const owner = fixture.users.StoreAdmin;
      expect(ids(await list(owner, `?q=${encodeURIComponent(idle.email)}`))).toEqual([idle.id]);
      expect(ids(await list(owner, `?q=${tag}`))).toEqual([loyal.id]);
      expect(ids(await list(owner, `?q=${tag.toUpperCase()}`))).toEqual([loyal.id]);
      expect((await list(owner, `?q=${unique('none')}`)).body).toMatchObject({
        items: [],
        total: 0,
      });
    });

    it('pages with the total', async () => {
      const page = await list(fixture.users.Manager, '?limit=1&page=2');
      expect(page.status).toBe(200);
      expect(page.body).toMatchObject({ total: 2, page: 2, limit: 1 });
      expect(page.body.items).toHaveLength(1);
    });

    it.each(['limit=0', 'limit=101', 'page=0'])('refuses %s → 400, never clamps', async (q) => {
      expect((await list(fixture.users.StoreAdmin, `?${q}`)).status).toBe(400);
    });

    it('hides the store from outsiders → 404, and needs a bearer → 401', async () => {
      expect((await list(fixture.users.outsider)).status).toBe(404);
      // Another store's admin, under this store's path.
      expect((await list(otherAdmin)).status).toBe(404);
      expect((await api.http('GET', `/api/v1/stores/${shop.id}/customers`)).status).toBe(401);
      expect(
        (await api.http('GET', `/api/v1/stores/${shop.id}/customers`, { token: loyal.token }))
          .status,
      ).toBe(401);
    });
  });
});
