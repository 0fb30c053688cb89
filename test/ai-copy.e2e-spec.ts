import { Global, Module } from '@nestjs/common';
import { COPYWRITER_DEADLINE_MS } from '../libs/catalog/src/infrastructure/openai-copywriter';
import { storeWithStaff, TestUser, unique } from './support/fixtures';
import type { HttpResult } from './support/http';
import { OpenAiDouble, startOpenAiDouble } from './support/openai-double';
import { startTestApi, TestApi } from './support/test-api';

/** The contract's 20 s, shortened so the timeout can be watched. */
const DEADLINE_MS = 1_000;

@Global()
@Module({
  providers: [{ provide: COPYWRITER_DEADLINE_MS, useValue: DEADLINE_MS }],
  exports: [COPYWRITER_DEADLINE_MS],
})
class ShortDeadline {}

const PROBLEM = 'application/problem+json';

function expectProblem(res: HttpResult, status: number): void {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toContain(PROBLEM);
  expect(res.body).toMatchObject({ status, type: expect.any(String), detail: expect.any(String) });
}

/** POST /stores/{storeId}/products/{productId}/ai-description: a suggestion, never saved. */
describe('AI product copy (HTTP, OpenAI double)', () => {
  let api: TestApi;
  let openai: OpenAiDouble;
  let store: { id: string; slug: string };
  let users: Record<string, TestUser>;
  let other: { store: { id: string }; users: Record<string, TestUser> };
  let product: { id: string; variants: Array<{ sku: string }> };
  const SKU = unique('SECRET-SKU');

  const describeIt = (
    user: TestUser,
    body: unknown = {},
    productId = product.id,
    storeId = store.id,
    headers?: Record<string, string>,
  ) =>
    api.http('POST', `/api/v1/stores/${storeId}/products/${productId}/ai-description`, {
      token: user.token,
      body,
      headers,
    });

  beforeAll(async () => {
    openai = await startOpenAiDouble({ reply: '  Breezy linen for long summer days.  ' });
    api = await startTestApi({
      env: { AUTH_RATE_LIMIT: '100000', OPENAI_MODEL: 'gpt-4o-mini', ...openai.env },
      extraModules: [ShortDeadline],
    });
    ({ store, users } = await storeWithStaff(api));
    other = await storeWithStaff(api);
    const as = { token: users.StoreAdmin.token };
    const category = await api.http('POST', `/api/v1/stores/${store.id}/categories`, {
      ...as,
      body: { name: 'Summer Shirts' },
    });
    expect(category.status).toBe(201);
    const made = await api.http('POST', `/api/v1/stores/${store.id}/products`, {
      ...as,
      body: {
        title: 'Riviera Linen Shirt',
        description: 'Washed linen with mother-of-pearl buttons.',
        status: 'active',
        categoryIds: [category.body.id],
        variants: [
          { sku: `${SKU}-1`, price: 98765, stock: 4321, options: { Size: 'S', Colour: 'Sand' } },
          { sku: `${SKU}-2`, price: 87654, stock: 1234, options: { Size: 'M', Colour: 'Sand' } },
        ],
      },
    });
    expect(made.status).toBe(201);
    product = made.body;
  });
  afterAll(async () => {
    await api?.close();
    await openai?.close();
  });
  beforeEach(() => {
    openai.mode = 'ok';
    openai.requests.length = 0;
  });

  it('answers a suggestion from the product words only, and changes nothing', async () => {
    const before = await api.http('GET', `/api/v1/stores/${store.id}/products/${product.id}`, {
      token: users.Manager.token,
    });
    const res = await describeIt(users.Manager, {
      tone: 'luxury',
      language: 'fr-CA',
      keywords: ['riviera', 'breathable'],
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      description: 'Breezy linen for long summer days.',
      model: 'gpt-4o-mini',
    });
    expect(res.headers.get('ratelimit-limit')).toBe('30');

    expect(openai.requests).toHaveLength(1);
    const [sent] = openai.requests;
    expect(sent.headers.authorization).toBe(`Bearer ${openai.apiKey}`);
    expect(sent.body.model).toBe('gpt-4o-mini');
    const text = sent.body.messages.map((m) => m.content).join('\n');
    for (const expected of [
      'Riviera Linen Shirt',
      'Washed linen with mother-of-pearl buttons.',
      'Summer Shirts',
      'Size: S, M',
      'Colour: Sand',
      'luxury',
      'fr-CA',
      'riviera',
      'breathable',
    ]) {
      expect(text).toContain(expected);
    }
    // Nothing else of the product or the store leaves: no price, stock, SKU or id.
    for (const secret of [
      '98765',
      '87654',
      '4321',
      '1234',
      SKU,
      product.id,
      store.id,
      store.slug,
    ]) {
      expect(sent.raw).not.toContain(secret);
    }

    const after = await api.http('GET', `/api/v1/stores/${store.id}/products/${product.id}`, {
      token: users.Manager.token,
    });
    expect(after.body).toEqual(before.body);
    const audit = await api.http(
      'GET',
      `/api/v1/stores/${store.id}/audit-log?resourceId=${product.id}`,
      { token: users.StoreAdmin.token },
    );
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(['product.created']);
  });

  it('defaults to a neutral tone in English', async () => {
    const res = await describeIt(users.StoreAdmin);
    expect(res.status).toBe(200);
    const text = openai.requests[0].body.messages.map((m) => m.content).join('\n');
    expect(text).toContain('Tone: neutral');
    expect(text).toContain('Language: en');
  });

  it('replays the answer for a retry with the same Idempotency-Key', async () => {
    const key = unique('copy');
    const first = await describeIt(users.Manager, { tone: 'playful' }, product.id, store.id, {
      'idempotency-key': key,
    });
    expect(first.status).toBe(200);
    const again = await describeIt(users.Manager, { tone: 'playful' }, product.id, store.id, {
      'idempotency-key': key,
    });
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(openai.requests).toHaveLength(1);
  });

  it('refuses Staff, Viewer (403), non-members and other stores (404)', async () => {
    for (const role of ['Staff', 'Viewer']) {
      expectProblem(await describeIt(users[role]), 403);
    }
    // Not a member: the store itself is not revealed.
    expectProblem(await describeIt(users.outsider), 404);
    const elsewhere = await describeIt(other.users.StoreAdmin, {}, product.id, other.store.id);
    expectProblem(elsewhere, 404);
    expectProblem(await describeIt(users.Manager, {}, '00000000-0000-4000-8000-000000000000'), 404);
    expect(openai.requests).toHaveLength(0);
  });

  it('answers 400 naming the field for bad input', async () => {
    const cases: Array<[unknown, string]> = [
      [{ tone: 'sarcastic' }, 'tone'],
      [{ tone: null }, 'tone'],
      [{ keywords: Array.from({ length: 11 }, (_, i) => `k${i}`) }, 'keywords'],
      [{ keywords: [''] }, 'keywords'],
      [{ keywords: ['   '] }, 'keywords'],
      [{ keywords: ['x'.repeat(51)] }, 'keywords'],
      [{ keywords: [5] }, 'keywords'],
      [{ keywords: 'linen' }, 'keywords'],
      [{ language: 'en_US' }, 'language'],
      [{ language: 'english!' }, 'language'],
      [{ language: '' }, 'language'],
      [{ language: 42 }, 'language'],
      [{ price: 1 }, 'price'],
    ];
    for (const [body, field] of cases) {
      const res = await describeIt(users.Manager, body);
      expectProblem(res, 400);
      expect([body, [...new Set(res.body.errors.map((e: { field: string }) => e.field))]]).toEqual([
        body,
        [field],
      ]);
    }
    const ok = await describeIt(users.Manager, {
      language: 'zh-Hant-TW',
      keywords: Array.from({ length: 10 }, (_, i) => `k${i}`),
    });
    expect(ok.status).toBe(200);
    expect(openai.requests).toHaveLength(1);
  });

  it('answers 502 when OpenAI fails, answers nothing, or takes too long', async () => {
    openai.mode = 'error';
    const failed = await describeIt(users.Manager);
    expectProblem(failed, 502);
    expect(failed.body.detail).toContain('500');
    expect(openai.requests).toHaveLength(1); // no retry

    openai.mode = 'empty';
    expectProblem(await describeIt(users.Manager), 502);

    for (const mode of ['slow', 'stall'] as const) {
      openai.mode = mode;
      const started = Date.now();
      const late = await describeIt(users.Manager);
      expectProblem(late, 502);
      expect(late.body.detail).toContain('did not answer within 1 s');
      expect(Date.now() - started).toBeLessThan(DEADLINE_MS + 2_000);
    }
  });

  it('allows 30 a minute per store, then 429 with Retry-After and RateLimit headers', async () => {
    const fresh = await storeWithStaff(api);
    const made = await api.http('POST', `/api/v1/stores/${fresh.store.id}/products`, {
      token: fresh.users.StoreAdmin.token,
      body: { title: 'Rate limited lamp', status: 'draft' },
    });
    const ask = () => describeIt(fresh.users.Manager, {}, made.body.id, fresh.store.id);
    for (let i = 1; i <= 30; i++) {
      const res = await ask();
      expect([i, res.status]).toEqual([i, 200]);
      expect(res.headers.get('ratelimit-remaining')).toBe(String(30 - i));
    }
    const limited = await ask();
    expectProblem(limited, 429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('ratelimit-limit')).toBe('30');
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    expect(Number(limited.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
    expect(openai.requests).toHaveLength(30);

    // Another store has its own budget.
    expect((await describeIt(users.Manager)).status).toBe(200);
  });

  describe('without OPENAI_API_KEY', () => {
    let bare: TestApi;
    beforeAll(async () => {
      bare = await startTestApi({ env: { AUTH_RATE_LIMIT: '100000', OPENAI_API_KEY: '' } });
    });
    afterAll(() => bare?.close());

    it('answers 503 naming OPENAI_API_KEY', async () => {
      const { store: s, users: u } = await storeWithStaff(bare);
      const made = await bare.http('POST', `/api/v1/stores/${s.id}/products`, {
        token: u.StoreAdmin.token,
        body: { title: 'Unwritten', status: 'draft' },
      });
      const res = await bare.http(
        'POST',
        `/api/v1/stores/${s.id}/products/${made.body.id}/ai-description`,
        { token: u.Manager.token, body: {} },
      );
      expectProblem(res, 503);
      expect(res.body.detail).toContain('OPENAI_API_KEY');
      // The role check still comes first.
      const staff = await bare.http(
        'POST',
        `/api/v1/stores/${s.id}/products/${made.body.id}/ai-description`,
        { token: u.Staff.token, body: {} },
      );
      expectProblem(staff, 403);
      expect(openai.requests).toHaveLength(0);
    });
  });
});
