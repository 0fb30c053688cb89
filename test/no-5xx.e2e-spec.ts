import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RequestContext, StoreId, TenantTx } from '@silkcart/shared';
import { OrderTransitions } from '../libs/ordering/src/application/order-transitions';
import {
  addMember,
  createStore,
  placeOrder,
  productWithVariants,
  registerUser,
  TestUser,
  unique,
  waitForMail,
} from './support/fixtures';
import type { HttpResult } from './support/http';
import { OMITTED, OpenApiBodies, overlay, withField } from './support/openapi-bodies';
import { OpenAiDouble, startOpenAiDouble } from './support/openai-double';
import { startTestApi, TestApi } from './support/test-api';
import { PaymentDoubles, startPaymentDoubles } from './support/payment-doubles';

// Every operation of the served document, as a StoreAdmin, with malformed bodies and queries:
// a 4xx (or a success), never a 5xx.
const document = JSON.parse(readFileSync(join(__dirname, '..', 'docs', 'openapi.json'), 'utf8'));
const operations = Object.entries(
  document.paths as Record<string, Record<string, unknown>>,
).flatMap(([path, ops]) => Object.keys(ops).map((method) => [method.toUpperCase(), path] as const));
const BODIES = [
  '{}',
  '[]',
  'null',
  '"text"',
  '{"name":"\\u0000","title":"\\u0000","email":"\\u0000","slug":"\\u0000","sku":"\\u0000"}',
  '{"items":[{"variantId":"not-a-uuid","quantity":"1"}],"cartId":5}',
  '{"settings":{"shipping":{"rates":[1,2]},"tax":{"rates":{"FR":0.2}}}}',
  '{"price":1e308,"stock":-0,"quantity":99999999999999999999,"position":1.5}',
  `{"deep":${'['.repeat(200)}${']'.repeat(200)}}`,
];

// Every operation with a JSON body, from a valid body: each required field omitted, and each
// object field replaced by a scalar, an array or null.
const bodies = new OpenApiBodies(document);
const withBody = bodies.jsonBodyOperations();
const omissions = withBody.flatMap(({ method, path, schema }) =>
  bodies
    .requiredFields(schema, bodies.example(schema))
    .map(({ field }) => [method, path, field] as const),
);
const replacements = withBody.flatMap(({ method, path, schema }) =>
  bodies
    .objectReplacements(schema, bodies.example(schema))
    .map(({ field, value }) => [method, path, field, value] as const),
);
// Null where the document does not allow it: `@IsOptional()` lets null through to the database.
const nulls = withBody.flatMap(({ method, path, schema }) =>
  bodies
    .nullReplacements(schema, bodies.example(schema))
    .map(({ field }) => [method, path, field] as const),
);

const NO_5XX_OPERATOR = 'no-5xx-operator-token';

const OMIT_URLS = {
  successUrl: OMITTED,
  cancelUrl: OMITTED,
  returnUrl: OMITTED,
  refreshUrl: OMITTED,
};

interface Example {
  /** Laid over the body built from the schema; `OMITTED` removes a field. */
  body?: Record<string, unknown>;
  /** Path parameters besides the shared resources. */
  params?: Record<string, string>;
  token?: string;
  /** What the valid body answers. */
  status: number;
}

interface ValidRequest {
  url: string;
  body: unknown;
  token?: string;
  status: number;
}

/** A 400 problem whose `errors` name `field` (or, unless `exact`, a field inside it). */
function namesField(res: HttpResult, field: string, exact: boolean): boolean {
  const errors: Array<{ field: string }> = Array.isArray(res.body?.errors) ? res.body.errors : [];
  return (
    res.status === 400 &&
    (res.headers.get('content-type') ?? '').startsWith('application/problem+json') &&
    errors.some((e) => e.field === field || (!exact && e.field.startsWith(`${field}.`)))
  );
}

describe('no input gives a 5xx', () => {
  let api: TestApi;
  let token: string;
  let ids: Record<string, string>;

  let doubles: PaymentDoubles;
  let openAi: OpenAiDouble;

  beforeAll(async () => {
    // The providers are configured (their local doubles), so every payments route is reached.
    doubles = await startPaymentDoubles();
    openAi = await startOpenAiDouble();
    // OPERATOR_TOKEN set: /operator/* exists and its bodies are checked like the others.
    api = await startTestApi({
      env: {
        AUTH_RATE_LIMIT: '100000',
        OPERATOR_TOKEN: NO_5XX_OPERATOR,
        ...doubles.env,
        ...openAi.env,
      },
    });
    const admin = await registerUser(api);
    token = admin.token;
    const store = await createStore(api, admin);
    const [variant] = await productWithVariants(api, store.id, admin, [[100, 100]]);
    const order = (await placeOrder(api, store.slug, [{ variantId: variant.id, quantity: 1 }]))
      .body;
    ids = { storeId: store.id, storeSlug: store.slug, slug: store.slug, orderId: order.id };
  });
  afterAll(async () => {
    await api.close();
    await doubles.close();
    await openAi.close();
  });

  it('covers the document', () => {
    expect(operations.length).toBeGreaterThan(40);
  });

  it.each(operations)('%s %s', async (method, template) => {
    const path = template.replace(/\{(\w+)\}/g, (_, name: string) => ids[name] ?? randomUUID());
    const queries = [
      '',
      '?page=abc&limit=-1&ordering=%00&status=%00&q=%00',
      `?q=${'x'.repeat(5000)}`,
    ];
    for (const query of queries) {
      const bodies = method === 'GET' || method === 'DELETE' ? [undefined] : BODIES;
      for (const body of bodies) {
        const res = await api.http(method, `${path}${query}`, {
          token,
          raw: body === undefined ? undefined : { body, contentType: 'application/json' },
        });
        expect([method, path, query, body, res.status < 500 ? 'ok' : res.text]).toEqual([
          method,
          path,
          query,
          body,
          'ok',
        ]);
      }
    }
  });

  describe('request bodies', () => {
    let admin: TestUser;
    let real: Record<string, string>;

    const created = async (res: Promise<HttpResult>) => {
      const { status, text, body } = await res;
      if (status !== 201) throw new Error(`fixture: ${status} ${text}`);
      return body;
    };
    const freshPlaced = () =>
      created(placeOrder(api, real.storeSlug, [{ variantId: real.orderable, quantity: 1 }]));
    const freshOrder = async () => (await freshPlaced()).id as string;
    /** A paid order of the product kept for reviews (other examples change the first one). */
    const paidReviewable = async () => {
      const order = await created(
        placeOrder(api, real.storeSlug, [{ variantId: real.reviewedVariant, quantity: 1 }]),
      );
      await markPaid(order.id);
      return order;
    };
    const markPaid = (orderId: string) =>
      api.app
        .get(TenantTx)
        .run(RequestContext.system('test-paid', real.storeId as StoreId), (ctx) =>
          api.app.get(OrderTransitions).apply(ctx, orderId, 'paid'),
        );

    // What the schema cannot know: real resources, unique values, the caller.
    // A valid promotion whatever the schema's example values: dates and limits chosen here.
    const PROMOTION = () => ({
      code: unique('P').replace('-', '').slice(0, 32),
      type: 'fixed',
      value: 100,
      minSubtotal: 0,
      usageLimit: 1000,
      startsAt: OMITTED,
      endsAt: OMITTED,
    });
    const CUSTOMER_PASSWORD = 'customer-password-1';
    /** A customer of the fixture's store: its email, access and refresh tokens. */
    const newCustomer = async () => {
      const email = `${unique('cust')}@example.com`;
      const made = await created(
        api.http('POST', `/api/v1/catalog/${real.storeSlug}/customers`, {
          body: { email, password: CUSTOMER_PASSWORD, name: 'Customer' },
        }),
      );
      return {
        email,
        accessToken: made.accessToken as string,
        refreshToken: made.refreshToken as string,
      };
    };
    const EXAMPLES: Record<string, () => Promise<Example>> = {
      'POST /api/v1/auth/register': async () => ({ status: 201 }),
      'POST /api/v1/auth/token': async () => ({
        body: { email: admin.email, password: admin.password },
        status: 200,
      }),
      'POST /api/v1/auth/refresh': async () => {
        const user = await registerUser(api);
        return { body: { refreshToken: user.refreshToken }, status: 200 };
      },
      'POST /api/v1/auth/logout': async () => {
        const user = await registerUser(api);
        return { token: user.token, body: { refreshToken: user.refreshToken }, status: 204 };
      },
      'PATCH /api/v1/auth/profile': async () => {
        const user = await registerUser(api);
        return { token: user.token, body: { currentPassword: user.password }, status: 200 };
      },
      'POST /api/v1/auth/password/forgot': async () => ({ status: 202 }),
      'POST /api/v1/auth/password/reset': async () => {
        const user = await registerUser(api);
        await api.http('POST', '/api/v1/auth/password/forgot', { body: { email: user.email } });
        const mail = await waitForMail(api, user.email, 'password-reset');
        const token = /^([A-Za-z0-9_-]{43})$/m.exec(mail.text)?.[1];
        return { body: { token }, status: 204 };
      },
      'POST /api/v1/catalog/{storeSlug}/customers': async () => ({
        body: { email: `${unique('c')}@example.com` },
        status: 201,
      }),
      'POST /api/v1/catalog/{storeSlug}/customers/token': async () => {
        const c = await newCustomer();
        return { body: { email: c.email, password: CUSTOMER_PASSWORD }, status: 200 };
      },
      'POST /api/v1/catalog/{storeSlug}/customers/refresh': async () => ({
        body: { refreshToken: (await newCustomer()).refreshToken },
        status: 200,
      }),
      'POST /api/v1/catalog/{storeSlug}/customers/password/forgot': async () => ({ status: 202 }),
      'POST /api/v1/catalog/{storeSlug}/customers/password/reset': async () => {
        const c = await newCustomer();
        await api.http('POST', `/api/v1/catalog/${real.storeSlug}/customers/password/forgot`, {
          body: { email: c.email },
        });
        const mail = await waitForMail(api, c.email, 'customer-password-reset');
        const token = /^([A-Za-z0-9_-]{43})$/m.exec(mail.text)?.[1];
        return { body: { token }, status: 204 };
      },
      'PATCH /api/v1/catalog/{storeSlug}/customers/me': async () => {
        const c = await newCustomer();
        return { token: c.accessToken, body: { currentPassword: CUSTOMER_PASSWORD }, status: 200 };
      },
      'POST /api/v1/catalog/{storeSlug}/customers/me/addresses': async () => ({
        token: (await newCustomer()).accessToken,
        status: 201,
      }),
      'POST /api/v1/stores/{storeId}/api-keys': async () => ({
        body: { type: 'secret', role: 'Viewer' },
        status: 201,
      }),
      'POST /api/v1/stores/{storeId}/domains': async () => ({
        body: { hostname: `d${Math.random().toString(36).slice(2, 10)}.example.com` },
        status: 201,
      }),
      'POST /api/v1/stores/{storeId}/webhooks': async () => ({ status: 201 }),
      // The example body is a google-sheets one (a csv export refuses `destination`); this
      // suite sets no GOOGLE_SERVICE_ACCOUNT_JSON, so the valid body answers 503 naming it.
      'POST /api/v1/stores/{storeId}/exports': async () => ({
        body: { format: 'google-sheets' },
        status: 503,
      }),
      'POST /api/v1/stores/{storeId}/export-schedules': async () => ({
        body: { format: 'google-sheets' },
        status: 503,
      }),
      'POST /api/v1/stores/{storeId}/privacy/erase': async () => ({
        body: { email: `${unique('erase')}@example.com` },
        status: 200,
      }),
      'PATCH /api/v1/stores/{storeId}/webhooks/{webhookId}': async () => {
        const webhook = await created(
          api.http('POST', `/api/v1/stores/${real.storeId}/webhooks`, {
            token: admin.token,
            body: { url: 'https://hooks.example.com/body', events: ['order.paid'] },
          }),
        );
        return { params: { webhookId: webhook.id }, status: 200 };
      },
      'POST /api/v1/stores': async () => ({ status: 201 }),
      'PATCH /api/v1/stores/{storeId}': async () => ({ status: 200 }),
      'POST /api/v1/stores/{storeId}/members': async () => {
        const user = await registerUser(api);
        return { body: { email: user.email }, status: 201 };
      },
      'PATCH /api/v1/stores/{storeId}/members/{userId}': async () => ({ status: 200 }),
      'POST /api/v1/stores/{storeId}/categories': async () => ({
        body: { parentId: real.categoryId },
        status: 201,
      }),
      'PATCH /api/v1/stores/{storeId}/categories/{categoryId}': async () => ({
        body: { parentId: null },
        status: 200,
      }),
      'POST /api/v1/stores/{storeId}/products': async () => ({
        body: { categoryIds: [real.categoryId], variants: [{ sku: unique('SKU') }] },
        status: 201,
      }),
      'PATCH /api/v1/stores/{storeId}/products/{productId}': async () => ({
        body: { status: 'active', categoryIds: [real.categoryId] },
        status: 200,
      }),
      'POST /api/v1/stores/{storeId}/products/{productId}/variants': async () => ({
        body: { sku: unique('SKU') },
        status: 201,
      }),
      // This suite sets no OPENAI_API_KEY: the valid body reaches the 503 naming it.
      'POST /api/v1/stores/{storeId}/products/{productId}/ai-description': async () => ({
        status: 200,
      }),
      'PATCH /api/v1/stores/{storeId}/products/{productId}/variants/{variantId}': async () => ({
        body: { sku: unique('SKU') },
        status: 200,
      }),
      'POST /api/v1/catalog/{storeSlug}/carts': async () => ({
        body: { items: [{ variantId: real.orderable }] },
        status: 201,
      }),
      'POST /api/v1/catalog/{storeSlug}/carts/{cartId}/items': async () => ({
        body: { variantId: real.orderable },
        status: 200,
      }),
      'PATCH /api/v1/catalog/{storeSlug}/carts/{cartId}/items/{itemId}': async () => ({
        status: 200,
      }),
      'POST /api/v1/catalog/{storeSlug}/orders': async () => ({
        body: { cartId: OMITTED, items: [{ variantId: real.orderable }], promotionCode: OMITTED },
        status: 201,
      }),
      'POST /api/v1/stores/{storeId}/promotions': async () => ({
        body: PROMOTION(),
        status: 201,
      }),
      'PATCH /api/v1/stores/{storeId}/promotions/{promotionId}': async () => ({
        body: PROMOTION(),
        status: 200,
      }),
      'POST /api/v1/catalog/{storeSlug}/carts/{cartId}/promotion': async () => ({
        body: { code: real.promotionCode },
        status: 200,
      }),
      'POST /api/v1/catalog/{storeSlug}/products/{productSlug}/reviews': async () => {
        const order = await paidReviewable();
        return { body: { orderId: order.id, orderToken: order.orderToken }, status: 201 };
      },
      'PATCH /api/v1/stores/{storeId}/reviews/{reviewId}': async () => {
        const order = await paidReviewable();
        const written = await created(
          api.http(
            'POST',
            `/api/v1/catalog/${real.storeSlug}/products/${real.productSlug}/reviews`,
            {
              body: {
                orderId: order.id,
                orderToken: order.orderToken,
                rating: 5,
                body: 'Fine',
                authorName: 'A',
              },
            },
          ),
        );
        return { params: { reviewId: written.id }, body: { status: 'published' }, status: 200 };
      },
      'POST /api/v1/stores/{storeId}/orders/{orderId}/fulfil': async () => {
        const orderId = await freshOrder();
        await markPaid(orderId);
        return { params: { orderId }, status: 200 };
      },
      'POST /api/v1/stores/{storeId}/orders/{orderId}/cancel': async () => ({
        params: { orderId: await freshOrder() },
        status: 200,
      }),
      // Never paid through a provider: the valid body reaches the rule that refuses it.
      'POST /api/v1/stores/{storeId}/orders/{orderId}/refunds': async () => ({
        params: { orderId: await freshOrder() },
        status: 409,
      }),
      'POST /api/v1/stores/{storeId}/notifications/email/order-confirmation': async () => ({
        body: { orderId: await freshOrder() },
        status: 202,
      }),
      'POST /api/v1/stores/{storeId}/payments/stripe/connect': async () => ({
        body: OMIT_URLS,
        status: 201,
      }),
      'POST /api/v1/payments/stripe/session': async () => {
        const order = await freshPlaced();
        return {
          body: { orderId: order.id, orderToken: order.orderToken, ...OMIT_URLS },
          status: 201,
        };
      },
      'POST /api/v1/payments/paypal/orders': async () => {
        const order = await freshPlaced();
        return {
          body: { orderId: order.id, orderToken: order.orderToken, ...OMIT_URLS },
          status: 201,
        };
      },
      // The operator's bearer; the fixture's store keeps its plan (enterprise, the default).
      'PUT /api/v1/operator/stores/{storeId}/plan': async () => ({
        token: NO_5XX_OPERATOR,
        body: { plan: 'enterprise' },
        status: 200,
      }),
      // A PayPal order of no order of ours.
      'POST /api/v1/payments/paypal/orders/{paypalOrderId}/capture': async () => {
        const order = await freshPlaced();
        return {
          params: { paypalOrderId: 'NOSUCHPAYPALORDER' },
          body: { orderId: order.id, orderToken: order.orderToken },
          status: 404,
        };
      },
    };

    /** The operation's valid request, built once: its url, body, caller and answer. */
    const examples = new Map<string, Promise<ValidRequest>>();
    const example = (method: string, path: string) => {
      const key = `${method} ${path}`;
      if (!examples.has(key)) {
        const build = EXAMPLES[key];
        const op = withBody.find((o) => o.method === method && o.path === path);
        if (!build || !op) throw new Error(`no example body for ${key}: add one to EXAMPLES`);
        examples.set(
          key,
          build().then((ex) => {
            const params = { ...real, ...ex.params };
            const url = path.replace(/\{(\w+)\}/g, (_, name: string) => {
              if (!params[name]) throw new Error(`no resource for {${name}} in ${key}`);
              return params[name];
            });
            const body = overlay(bodies.example(op.schema), ex.body ?? {});
            return { url, body, token: ex.token, status: ex.status };
          }),
        );
      }
      return examples.get(key) as Promise<ValidRequest>;
    };
    const send = async (method: string, path: string, body: (valid: unknown) => unknown) => {
      const ex = await example(method, path);
      return api.http(method, ex.url, { token: ex.token ?? admin.token, body: body(ex.body) });
    };

    beforeAll(async () => {
      admin = await registerUser(api, 'Body Admin');
      const store = await createStore(api, admin);
      const as = { token: admin.token };
      const stores = `/api/v1/stores/${store.id}`;
      const category = await created(
        api.http('POST', `${stores}/categories`, { ...as, body: { name: 'Shoes' } }),
      );
      const variant = () => ({ sku: unique('SKU'), price: 100, stock: 100000 });
      const product = await created(
        api.http('POST', `${stores}/products`, {
          ...as,
          body: { title: 'Boot', status: 'active', variants: [variant(), variant()] },
        }),
      );
      const [orderable, spare] = product.variants;
      const reviewed = await created(
        api.http('POST', `${stores}/products`, {
          ...as,
          body: { title: 'Reviewed', status: 'active', variants: [variant()] },
        }),
      );
      const promotion = await created(
        api.http('POST', `${stores}/promotions`, {
          ...as,
          body: { code: unique('BODY').replace('-', ''), type: 'percentage', value: 10 },
        }),
      );
      const cart = await created(
        api.http('POST', `/api/v1/catalog/${store.slug}/carts`, {
          body: { items: [{ variantId: orderable.id, quantity: 1 }] },
        }),
      );
      const member = await registerUser(api, 'Member');
      await addMember(api, store.id, admin, member, 'Staff');
      real = {
        storeId: store.id,
        storeSlug: store.slug,
        slug: store.slug,
        categoryId: category.id,
        productId: product.id,
        productSlug: reviewed.slug,
        reviewedVariant: reviewed.variants[0].id,
        variantId: spare.id,
        orderable: orderable.id,
        cartId: cart.id,
        itemId: cart.items[0].id,
        userId: member.id,
        promotionId: promotion.id,
        promotionCode: promotion.code,
      };
    });

    it('covers every operation with a JSON body', () => {
      expect(withBody.length).toBeGreaterThan(20);
      expect(withBody.map((o) => `${o.method} ${o.path}`).sort()).toEqual(
        Object.keys(EXAMPLES).sort(),
      );
    });

    it.each(withBody.map((o) => [o.method, o.path] as const))(
      '%s %s accepts its example body',
      async (method, path) => {
        const { status } = await example(method, path);
        const res = await send(method, path, (valid) => valid);
        expect(res.status === status ? 'ok' : `${res.status} ${res.text}`).toBe('ok');
      },
    );

    it.each(omissions)('%s %s without %s → 400 naming it', async (method, path, field) => {
      const res = await send(method, path, (valid) => withField(valid, field, OMITTED));
      expect(namesField(res, field, true) ? 'ok' : `${res.status} ${res.text}`).toBe('ok');
    });

    it.each(replacements)(
      '%s %s with %s = %j → 400 naming it',
      async (method, path, field, value) => {
        const res = await send(method, path, (valid) => withField(valid, field, value));
        expect(namesField(res, field, false) ? 'ok' : `${res.status} ${res.text}`).toBe('ok');
      },
    );

    it.each(nulls)('%s %s with %s = null → 400 naming it', async (method, path, field) => {
      const res = await send(method, path, (valid) => withField(valid, field, null));
      const ok = namesField(res, field, true);
      expect(ok ? 'ok' : `${res.status} ${res.text}`).toBe('ok');
    });
  });
});
