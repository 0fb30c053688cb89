import { RequestContext, StoreId, TenantTx } from '@silkcart/shared';
import { OrderTransitions } from '../libs/ordering/src/application/order-transitions';
import { waitFor } from './support/http';
import {
  createStore,
  productWithVariants,
  registerUser,
  storeWithStaff,
  TestUser,
  unique,
} from './support/fixtures';
import { startTestApi, TestApi } from './support/test-api';

jest.setTimeout(60_000);

const PASSWORD = 'correct horse battery';

interface Person {
  email: string;
  name: string;
  line1: string;
  phone: string;
  customerId: string;
  token: string;
}

/** Privacy (GDPR) export and erasure over HTTP, written against the contract's section. */
describe('privacy (HTTP)', () => {
  let api: TestApi;
  let store: { id: string; slug: string };
  let users: Record<string, TestUser>;
  let otherStore: { id: string; slug: string };
  let otherAdmin: TestUser;
  let product: { id: string; slug: string; variantId: string };
  let person: Person;
  let orderIds: string[];
  let orderTokens: string[];
  let reviewId: string;

  const merchant = (
    user: TestUser,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) => api.http(method, `/api/v1/stores/${store.id}${path}`, { token: user.token, body, headers });
  const sf = (slug: string, method: string, path: string, body?: unknown, token?: string) =>
    api.http(method, `/api/v1/catalog/${slug}${path}`, { body, token });
  const exportOf = (email: string, user = users.StoreAdmin) =>
    merchant(user, 'GET', `/privacy/export?email=${encodeURIComponent(email)}`);
  const erase = (email: string, user = users.StoreAdmin) =>
    merchant(user, 'POST', '/privacy/erase', { email }, { 'idempotency-key': unique('erase') });
  const markPaid = (storeId: string, orderId: string) =>
    api.app
      .get(TenantTx)
      .run(RequestContext.system('test-paid', storeId as StoreId), (ctx) =>
        api.app.get(OrderTransitions).apply(ctx, orderId, 'paid'),
      );
  const fields = (res: { body: { errors: Array<{ field: string }> } }) => [
    ...new Set(res.body.errors.map((e) => e.field)),
  ];
  const address = (p: { name: string; line1: string; phone: string }) => ({
    name: p.name,
    line1: p.line1,
    line2: 'Flat 3',
    city: 'Lyon',
    postalCode: '69001',
    country: 'FR',
    phone: p.phone,
  });

  /** A customer of the store with an address, an order, and the emails they were sent. */
  async function customerIn(slug: string, email: string, name: string) {
    const registered = await sf(slug, 'POST', '/customers', { email, password: PASSWORD, name });
    if (registered.status !== 201) throw new Error(`customer: ${registered.text}`);
    return {
      customerId: registered.body.customer.id as string,
      token: registered.body.accessToken as string,
    };
  }

  async function order(slug: string, email: string, p: Person | null, token?: string) {
    const res = await sf(
      slug,
      'POST',
      '/orders',
      {
        items: [{ variantId: product.variantId, quantity: 2 }],
        email,
        shippingAddress: p ? address(p) : address({ name: 'X', line1: 'Y', phone: '1' }),
      },
      token,
    );
    if (res.status !== 201) throw new Error(`order: ${res.status} ${res.text}`);
    return res.body as { id: string; orderToken: string };
  }

  /** Every message of the store to this address, once the worker has sent them. */
  const sentTo = (email: string, count: number) =>
    waitFor(
      async () => {
        const res = await merchant(users.StoreAdmin, 'GET', '/notifications?limit=100');
        const mine = res.body.items.filter(
          (n: { to: string; status: string }) =>
            n.to.toLowerCase() === email.toLowerCase() && n.status === 'sent',
        );
        return mine.length >= count ? mine : null;
      },
      20_000,
      `${count} messages sent to ${email}`,
    );

  beforeAll(async () => {
    api = await startTestApi({ env: { AUTH_RATE_LIMIT: '100000' } });
    ({ store, users } = await storeWithStaff(api));
    const [variant] = await productWithVariants(api, store.id, users.StoreAdmin, [[1500, 100]]);
    const listed = await merchant(users.StoreAdmin, 'GET', '/products');
    const made = listed.body.items[0];
    product = { id: made.id, slug: made.slug, variantId: variant.id };

    const tag = unique('erin').replace('-', '');
    person = {
      email: `Erin.${tag}@Example.com`,
      name: `Erin Q${tag}`,
      line1: `${tag} Privacy Lane`,
      phone: `+3360${Math.floor(Math.random() * 1e7)}`,
      customerId: '',
      token: '',
    };
    Object.assign(person, await customerIn(store.slug, person.email, person.name));
    const saved = await sf(
      store.slug,
      'POST',
      '/customers/me/addresses',
      address(person),
      person.token,
    );
    expect(saved.status).toBe(201);
    const wished = await sf(
      store.slug,
      'PUT',
      `/customers/me/wishlist/${product.id}`,
      undefined,
      person.token,
    );
    expect(wished.status).toBeLessThan(300);

    // One order signed in, one as a guest with the email in another case.
    const signedIn = await order(store.slug, person.email.toLowerCase(), person, person.token);
    const guest = await order(store.slug, person.email.toUpperCase(), person);
    orderIds = [guest.id, signedIn.id];
    orderTokens = [guest.orderToken, signedIn.orderToken];
    await markPaid(store.id, signedIn.id);
    const written = await sf(store.slug, 'POST', `/products/${product.slug}/reviews`, {
      orderId: signedIn.id,
      orderToken: signedIn.orderToken,
      rating: 5,
      body: 'Lovely.',
      authorName: person.name,
    });
    expect(written.status).toBe(201);
    reviewId = written.body.id;
    const published = await merchant(users.Manager, 'PATCH', `/reviews/${reviewId}`, {
      status: 'published',
    });
    expect(published.status).toBe(200);
    // customer-welcome, two order confirmations, payment-received
    await sentTo(person.email, 4);

    // The same email is a customer of another store too, which the erasure must not touch.
    otherAdmin = await registerUser(api, 'Other Admin');
    otherStore = await createStore(api, otherAdmin);
    await customerIn(otherStore.slug, person.email, person.name);
  });
  afterAll(() => api.close());

  it('exports everything the store holds about the email, matched in any case', async () => {
    const res = await exportOf(person.email.toUpperCase());
    expect(res.status).toBe(200);
    expect(res.body.email).toBe(person.email.toUpperCase());
    expect(res.body.customer).toEqual({
      id: person.customerId,
      email: person.email,
      name: person.name,
      createdAt: expect.any(String),
    });
    expect(res.body.addresses).toEqual([{ id: expect.any(String), ...address(person) }]);
    expect(res.body.orders.map((o: { id: string }) => o.id).sort()).toEqual([...orderIds].sort());
    expect(res.body.orders[0]).toMatchObject({
      number: expect.any(Number),
      shippingAddress: address(person),
      items: [expect.objectContaining({ variantId: product.variantId, quantity: 2 })],
    });
    expect(res.body.reviews).toEqual([
      expect.objectContaining({
        id: reviewId,
        orderId: orderIds[1],
        productId: product.id,
        authorName: person.name,
        status: 'published',
      }),
    ]);
    expect(res.body.wishlist).toEqual([
      {
        productId: product.id,
        slug: product.slug,
        title: expect.any(String),
        addedAt: expect.any(String),
      },
    ]);
    const templates = res.body.notifications.map((n: { template: string }) => n.template).sort();
    expect(templates).toEqual([
      'customer-welcome',
      'order-confirmation',
      'order-confirmation',
      'payment-received',
    ]);
    expect(res.body.notifications[0]).toMatchObject({
      to: expect.any(String),
      subject: expect.any(String),
      body: expect.any(String),
    });
  });

  it('answers an empty export for an email the store does not know', async () => {
    const res = await exportOf('nobody@example.com');
    expect(res.body).toEqual({
      email: 'nobody@example.com',
      customer: null,
      addresses: [],
      orders: [],
      reviews: [],
      wishlist: [],
      notifications: [],
    });
  });

  it('validates the email → 400 naming it', async () => {
    for (const path of [
      '/privacy/export',
      '/privacy/export?email=not-an-email',
      '/privacy/export?email=a%40example.com&email=b%40example.com',
      `/privacy/export?email=${'a'.repeat(250)}%40example.com`,
    ]) {
      const res = await merchant(users.StoreAdmin, 'GET', path);
      expect(res.status).toBe(400);
      expect(fields(res)).toEqual(['email']);
    }
    for (const body of [{}, { email: 'nope' }, { email: 42 }]) {
      const res = await merchant(users.StoreAdmin, 'POST', '/privacy/erase', body, {
        'idempotency-key': unique('bad'),
      });
      expect(res.status).toBe(400);
      expect(fields(res)).toEqual(['email']);
    }
    const extra = await merchant(
      users.StoreAdmin,
      'POST',
      '/privacy/erase',
      { email: 'a@example.com', storeId: store.id },
      { 'idempotency-key': unique('bad') },
    );
    expect(extra.status).toBe(400);
  });

  it('is for StoreAdmins only: other roles 403, non-members 404', async () => {
    for (const role of ['Manager', 'Staff', 'Viewer']) {
      expect((await exportOf(person.email, users[role])).status).toBe(403);
      expect((await erase(person.email, users[role])).status).toBe(403);
    }
    expect((await exportOf(person.email, users.outsider)).status).toBe(404);
    expect((await erase(person.email, users.outsider)).status).toBe(404);
    expect((await exportOf(person.email, otherAdmin)).status).toBe(404);
  });

  describe('after an erasure', () => {
    let before: Record<string, any>;
    let erased: { status: number; body: any };
    let exportedMessages: number;

    beforeAll(async () => {
      before = {};
      for (const id of orderIds)
        before[id] = (await merchant(users.StoreAdmin, 'GET', `/orders/${id}`)).body;
      exportedMessages = (await exportOf(person.email)).body.notifications.length;
      erased = await erase(person.email.toUpperCase());
    });

    /** The answer's JSON names none of the person's details. */
    const traceless = (label: string, res: { status: number; text: string }) => {
      const text = res.text.toLowerCase();
      for (const detail of [person.email, person.name, person.line1, person.phone]) {
        expect(`${label}: ${text.includes(detail.toLowerCase()) ? detail : 'none'}`).toBe(
          `${label}: none`,
        );
      }
    };

    it('answers the counts of what it changed, with no id', async () => {
      expect(erased.status).toBe(200);
      expect(exportedMessages).toBe(4);
      expect(erased.body).toEqual({
        erased: { customers: 1, orders: 2, reviews: 1, notifications: 4 },
      });
    });

    it('leaves an empty export', async () => {
      const res = await exportOf(person.email);
      expect(res.body).toEqual({
        email: person.email,
        customer: null,
        addresses: [],
        orders: [],
        reviews: [],
        wishlist: [],
        notifications: [],
      });
    });

    it('answers zeros the second time', async () => {
      const again = await erase(person.email);
      expect(again.status).toBe(200);
      expect(again.body).toEqual({
        erased: { customers: 0, orders: 0, reviews: 0, notifications: 0 },
      });
    });

    it('keeps the orders for the books: numbers, items, amounts, status and country', async () => {
      for (const id of orderIds) {
        const res = await merchant(users.StoreAdmin, 'GET', `/orders/${id}`);
        expect(res.status).toBe(200);
        traceless(`order ${id}`, res);
        const { email, shippingAddress, ...kept } = res.body;
        const { email: _e, shippingAddress: was, ...keptBefore } = before[id];
        expect(kept).toEqual(keptBefore);
        expect(email).toBe(`erased-${id}@erased.invalid`);
        expect(shippingAddress).toEqual({
          name: 'Erased',
          line1: 'Erased',
          city: was.city,
          postalCode: 'Erased',
          country: 'FR',
        });
      }
      expect((await merchant(users.StoreAdmin, 'GET', `/orders/${orderIds[1]}`)).body.status).toBe(
        'paid',
      );
    });

    it('no store-side list answers the email any more', async () => {
      const q = encodeURIComponent(person.email);
      const byEmail = await merchant(users.StoreAdmin, 'GET', `/orders?q=${q}`);
      expect(byEmail.body.total).toBe(0);
      const customers = await merchant(users.StoreAdmin, 'GET', `/customers?q=${q}`);
      expect(customers.body.total).toBe(0);
      for (const path of [
        '/orders?limit=100',
        '/customers?limit=100',
        '/reviews?limit=100',
        '/notifications?limit=100',
      ]) {
        const res = await merchant(users.StoreAdmin, 'GET', path);
        expect(res.status).toBe(200);
        traceless(path, res);
      }
      const reviews = await merchant(users.StoreAdmin, 'GET', '/reviews?limit=100');
      expect(reviews.body.items.find((r: { id: string }) => r.id === reviewId)).toMatchObject({
        authorName: 'Anonymous',
        status: 'published',
        rating: 5,
      });
      const notifications = await merchant(users.StoreAdmin, 'GET', '/notifications?limit=100');
      const templates = notifications.body.items
        .filter((n: { to: string }) => n.to === 'erased')
        .map((n: { template: string; status: string }) => `${n.template} ${n.status}`)
        .sort();
      expect(templates).toEqual([
        'customer-welcome sent',
        'order-confirmation sent',
        'order-confirmation sent',
        'payment-received sent',
      ]);
    });

    it('no storefront route answers the email: reviews, orders by token, sign-in', async () => {
      const reviews = await sf(store.slug, 'GET', `/products/${product.slug}/reviews`);
      expect(reviews.body.items.map((r: { authorName: string }) => r.authorName)).toEqual([
        'Anonymous',
      ]);
      traceless('storefront reviews', reviews);
      for (const [i, id] of orderIds.entries()) {
        const viewed = await api.http('GET', `/api/v1/catalog/${store.slug}/orders/${id}`, {
          headers: { 'x-order-token': orderTokens[i] },
        });
        expect(viewed.status).toBe(200);
        traceless(`storefront order ${id}`, viewed);
      }
      const signIn = await sf(store.slug, 'POST', '/customers/token', {
        email: person.email,
        password: PASSWORD,
      });
      expect(signIn.status).toBe(401);
    });

    it('keeps no row of the account, its tokens, addresses or wishlist, nor message content', async () => {
      for (const table of [
        'customer',
        'customer_refresh_token',
        'customer_password_reset',
        'customer_address',
        'wishlist_item',
      ]) {
        const column = table === 'customer' ? 'id' : 'customer_id';
        const rows = await api.db.sql(`select 1 from ${table} where ${column} = $1`, [
          person.customerId,
        ]);
        expect(`${table}: ${rows.length}`).toBe(`${table}: 0`);
      }
      const messages = await api.db.sql<{
        recipient: string;
        subject: string | null;
        body: string;
        html: string | null;
      }>(
        `select recipient, subject, body, html from notification
          where store_id = $1 and (recipient = 'erased' or order_id = any($2::uuid[]))`,
        [store.id, orderIds],
      );
      expect(messages).toHaveLength(4);
      expect(new Set(messages.map((m) => JSON.stringify(m)))).toEqual(
        new Set([JSON.stringify({ recipient: 'erased', subject: null, body: '', html: null })]),
      );
      const carts = await api.db.sql(
        `select 1 from cart where store_id = $1 and customer_id = $2`,
        [store.id, person.customerId],
      );
      expect(carts).toHaveLength(0);
    });

    it("refuses the customer's still-unexpired access token → 401", async () => {
      for (const path of ['/customers/me', '/customers/me/orders', '/customers/me/wishlist']) {
        expect((await sf(store.slug, 'GET', path, undefined, person.token)).status).toBe(401);
      }
    });

    it("leaves another store's customer with the same email untouched", async () => {
      const signIn = await sf(otherStore.slug, 'POST', '/customers/token', {
        email: person.email,
        password: PASSWORD,
      });
      expect(signIn.status).toBe(200);
      const res = await api.http(
        'GET',
        `/api/v1/stores/${otherStore.id}/privacy/export?email=${encodeURIComponent(person.email)}`,
        { token: otherAdmin.token },
      );
      expect(res.body.customer).toMatchObject({ email: person.email, name: person.name });
    });

    it('writes an audit entry privacy.erased that does not hold the email', async () => {
      const log = await merchant(users.StoreAdmin, 'GET', '/audit-log?limit=100');
      expect(log.status).toBe(200);
      const entries = log.body.items.filter(
        (e: { action: string }) => e.action === 'privacy.erased',
      );
      expect(entries).toHaveLength(2);
      expect(entries[0]).toMatchObject({
        resourceType: 'privacy',
        resourceId: null,
        actor: { type: 'user', id: users.StoreAdmin.id },
      });
      traceless('audit log', log);
    });
  });
});
