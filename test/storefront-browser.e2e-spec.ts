import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ADDRESS, createStore, registerUser, TestUser } from './support/fixtures';
import { multipart } from './support/images';
import {
  PaymentDoubles,
  startPaymentDoubles,
  STRIPE_WEBHOOK_SECRET,
} from './support/payment-doubles';
import type { StripeEvent } from './support/stripe-double';
import { describeWhen } from './support/requirements';
import { startTestApi, TestApi } from './support/test-api';

// The sample storefront (apps/storefront), built and served by the api at /shop/{slug}, driven
// in Chromium through a whole purchase: browse, search, filter, variant, cart, discount code,
// Stripe Checkout (the local double), the order page, and a customer's account.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ROOT = join(__dirname, '..');
const BUILT = join(ROOT, 'dist', 'storefront', 'index.html');
const SCREENSHOTS = join(ROOT, 'docs', 'screenshots');

const describeBrowser = describeWhen(
  existsSync(CHROMIUM)
    ? null
    : `no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`,
  'TEST_REQUIRE_BROWSER',
);
jest.setTimeout(60_000);

/** The newest modification time of the files under `dir`. */
function newest(dir: string): number {
  if (!existsSync(dir)) return 0;
  return Math.max(
    0,
    ...readdirSync(dir).map((entry) => {
      const path = join(dir, entry);
      return statSync(path).isDirectory() ? newest(path) : statSync(path).mtimeMs;
    }),
  );
}

/** dist/storefront, built with Vite's build() when missing or older than its sources. */
function buildStorefront(): void {
  const sources = Math.max(
    newest(join(ROOT, 'apps', 'storefront')),
    newest(join(ROOT, 'clients', 'typescript', 'src')),
  );
  if (existsSync(BUILT) && statSync(BUILT).mtimeMs >= sources) return;
  // In a child process: Vite is ESM, which Jest's CommonJS module system does not load.
  const script = `import { build } from 'vite'; await build({ root: 'apps/storefront', logLevel: 'warn' });`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`vite build failed:\n${run.stdout}\n${run.stderr}`);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A soft diagonal gradient from one colour to another, as a product photo stand-in. */
function gradientPng(size: number, from: number[], to: number[]): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.alloc(size * (1 + size * 3));
  for (let y = 0; y < size; y++) {
    const row = y * (1 + size * 3);
    for (let x = 0; x < size; x++) {
      const t = (x + y) / (2 * size);
      for (let c = 0; c < 3; c++) rows[row + 1 + x * 3 + c] = from[c] + (to[c] - from[c]) * t;
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(rows)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

describeBrowser('the sample storefront in Chromium', () => {
  let doubles: PaymentDoubles;
  let api: TestApi;
  let admin: TestUser;
  let store: { id: string; slug: string };
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  const as = (method: string, path: string, body?: unknown) =>
    api.http(method, `/api/v1/stores/${store.id}${path}`, { token: admin.token, body });
  const ok = async (res: Promise<{ status: number; text: string; body: any }>, status = 201) => {
    const answer = await res;
    if (answer.status !== status) throw new Error(`${answer.status} ${answer.text}`);
    return answer.body;
  };
  const deliver = (event: StripeEvent) => {
    const payload = JSON.stringify(event);
    return api.http('POST', '/api/v1/payments/stripe/webhook', {
      raw: { body: payload, contentType: 'application/json; charset=utf-8' },
      headers: { 'stripe-signature': doubles.stripe.signedHeader(payload, STRIPE_WEBHOOK_SECRET) },
    });
  };
  const shop = (path = '') => api.url(`/shop/${store.slug}/${path}`);
  const screenshot = (name: string) =>
    page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), animations: 'disabled' });
  const cardTitles = () => page.getByTestId('product-card').locator('h3').allTextContents();
  /** Every <img> loaded (a string: the test project's types hold no DOM). */
  const imagesLoaded = () =>
    page.waitForFunction('[...document.images].every((i) => i.complete && i.naturalWidth > 0)');
  const firstCardIs = (title: string) =>
    page.getByTestId('product-card').first().locator('h3', { hasText: title }).waitFor();

  beforeAll(async () => {
    buildStorefront();
    mkdirSync(SCREENSHOTS, { recursive: true });
    doubles = await startPaymentDoubles();
    api = await startTestApi({ env: { ...doubles.env, AUTH_RATE_LIMIT: '100000' } });
    // Image URLs are absolute under PUBLIC_URL: this api's own address, known once it listens.
    (api.config as { publicUrl: string }).publicUrl = api.url('');

    admin = await registerUser(api, 'Shop Admin');
    store = await createStore(api, admin, 'EUR');
    await ok(as('PATCH', '', { name: 'Silk & Thread' }), 200);
    const category = async (name: string, parentId?: string) =>
      (await ok(as('POST', '/categories', { name, parentId }))).id as string;
    const apparel = await category('Apparel');
    const tees = await category('T-shirts', apparel);
    const accessories = await category('Accessories');
    const scarves = await category('Scarves', accessories);

    const product = async (
      title: string,
      description: string,
      categoryIds: string[],
      variants: Array<[string, number, number]>,
      colours: [number[], number[]],
    ) => {
      const created = await ok(
        as('POST', '/products', {
          title,
          description,
          status: 'active',
          categoryIds,
          variants: variants.map(([name, price, stock], i) => ({
            sku: `${title.replace(/\W+/g, '-').toUpperCase()}-${i}`,
            title: name,
            price,
            stock,
            options: { size: name },
          })),
        }),
      );
      const upload = multipart([
        {
          name: 'file',
          value: gradientPng(240, ...colours),
          filename: 'photo.png',
          type: 'image/png',
        },
        { name: 'alt', value: title },
      ]);
      const image = await api.http(
        'POST',
        `/api/v1/stores/${store.id}/products/${created.id}/images`,
        {
          token: admin.token,
          raw: upload,
        },
      );
      expect(image.status).toBe(201);
      return created as { id: string; slug: string; variants: Array<{ id: string }> };
    };
    await product(
      'Merino Wool Sweater',
      'A warm crew neck in fine merino.',
      [apparel],
      [
        ['S', 8900, 10],
        ['M', 8900, 10],
        ['L', 8900, 10],
      ],
      [
        [200, 170, 140],
        [120, 90, 70],
      ],
    );
    const tee = await product(
      'Organic Cotton T-shirt',
      'Soft, breathable organic cotton.',
      [tees],
      [
        ['Small', 2500, 20],
        ['Large', 2900, 20],
        ['XXL', 2900, 0],
      ],
      [
        [190, 210, 235],
        [70, 110, 170],
      ],
    );
    await product(
      'Silk Scarf',
      'Pure mulberry silk with hand-rolled edges.',
      [scarves],
      [['One size', 4500, 15]],
      [
        [240, 190, 200],
        [180, 60, 100],
      ],
    );
    await product(
      'Leather Belt',
      'Full-grain leather, brass buckle.',
      [accessories],
      [['One size', 3900, 0]],
      [
        [150, 100, 60],
        [70, 40, 20],
      ],
    );
    await product(
      'Linen Shirt',
      'Light linen for warm days.',
      [apparel],
      [['M', 5900, 8]],
      [
        [230, 225, 210],
        [160, 150, 120],
      ],
    );

    // A published review needs a paid order of the product.
    const placed = await ok(
      api.http('POST', `/api/v1/catalog/${store.slug}/orders`, {
        body: {
          items: [{ variantId: tee.variants[0].id, quantity: 1 }],
          email: 'first@example.com',
          shippingAddress: ADDRESS,
        },
      }),
    );
    const session = await ok(
      api.http('POST', '/api/v1/payments/stripe/session', {
        body: { orderId: placed.id, orderToken: placed.orderToken },
      }),
    );
    expect((await deliver(doubles.stripe.pay(session.sessionId).sessionCompleted)).status).toBe(
      200,
    );
    const review = await ok(
      api.http('POST', `/api/v1/catalog/${store.slug}/products/${tee.slug}/reviews`, {
        body: {
          orderId: placed.id,
          orderToken: placed.orderToken,
          rating: 5,
          title: 'My new favourite tee',
          body: 'Great fit, and it keeps its shape after washing.',
          authorName: 'Ada',
        },
      }),
    );
    await ok(as('PATCH', `/reviews/${review.id}`, { status: 'published' }), 200);
    await ok(as('POST', '/promotions', { code: 'SILK10', type: 'percentage', value: 10 }));

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-background-networking'],
    });
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      locale: 'en-US',
    });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    // 400 and 401 answers are expected below (a wrong password, an unknown discount code).
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !/status of 40[01]\b/.test(msg.text()))
        problems.push(`console: ${msg.text()}`);
    });
    page.on('requestfailed', (req) => problems.push(`failed: ${req.url()}`));
    // Stripe's hosted page is not reached: the double's session URL answers a stand-in.
    await page.route('https://checkout.stripe.com/**', (route) =>
      route.fulfill({ contentType: 'text/html', body: '<h1>Stripe Checkout (double)</h1>' }),
    );
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await doubles?.close();
  });

  it('is served by the api under /shop, public, with its own CSP; unknown assets are 404 problems', async () => {
    const html = await api.http('GET', `/shop/${store.slug}/p/anything?x=1`);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(html.text).toContain('/shop/assets/');
    const csp = html.headers.get('content-security-policy') ?? '';
    expect(csp).toContain(`script-src 'self'`);
    expect(csp).toContain(`img-src 'self'`);
    const missing = await api.http('GET', '/shop/assets/nothing-here.js');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
  });

  it('shows the products with their images and prices in the store currency', async () => {
    await page.goto(shop());
    await page.getByRole('link', { name: 'Silk & Thread' }).waitFor();
    await page.getByTestId('result-count').filter({ hasText: '5 products' }).waitFor();
    expect(await cardTitles()).toHaveLength(5);
    await page.getByRole('link', { name: 'T-shirts' }).waitFor();
    await expectText(page.getByTestId('product-card').filter({ hasText: 'Silk Scarf' }), '€45.00');
    await imagesLoaded();
    await screenshot('home');
  });

  it('finds a product by a misspelt word', async () => {
    await page.getByLabel('Search products').fill('sweatr');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByTestId('result-count').filter({ hasText: 'for “sweatr”' }).waitFor();
    expect(await cardTitles()).toEqual(['Merino Wool Sweater']);
    await page.getByLabel('Search products').fill('');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByTestId('result-count').filter({ hasText: '5 products' }).waitFor();
  });

  it('filters by category, price and stock, and sorts', async () => {
    await page.getByRole('link', { name: 'Accessories' }).click();
    await page.waitForURL(/category=accessories/);
    await page.getByTestId('result-count').filter({ hasText: '2 products' }).waitFor();
    await page.getByLabel('In stock only').check();
    await page.getByTestId('result-count').filter({ hasText: '1 product' }).waitFor();
    expect(await cardTitles()).toEqual(['Silk Scarf']);

    await page.getByRole('link', { name: 'Apparel' }).click();
    await page.getByTestId('result-count').filter({ hasText: '3 products' }).waitFor();
    await page.getByLabel('Maximum price').fill('60');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByTestId('result-count').filter({ hasText: '2 products' }).waitFor();
    await page.getByLabel('Sort by').selectOption('-price');
    await page.waitForURL(/ordering=-price/);
    await firstCardIs('Linen Shirt');
    expect(await cardTitles()).toEqual(['Linen Shirt', 'Organic Cotton T-shirt']);
    expect(new URL(page.url()).searchParams.get('price_max')).toBe('6000');
    await page.getByLabel('Sort by').selectOption('price');
    await firstCardIs('Organic Cotton T-shirt');
    expect(await cardTitles()).toEqual(['Organic Cotton T-shirt', 'Linen Shirt']);
  });

  const customer = {
    name: 'Grace Shopper',
    email: `grace-${Date.now()}@example.com`,
    password: 'a long enough password',
  };

  it('registers a customer, who signs out and in again', async () => {
    await page.getByRole('link', { name: 'Sign in' }).click();
    const register = page.locator('form', { hasText: 'Create an account' });
    await register.getByLabel('Name').fill(customer.name);
    await register.getByLabel('Email').fill(customer.email);
    await register.getByLabel('Password').fill(customer.password);
    await register.getByRole('button', { name: 'Create account' }).click();
    await page.getByText(`Signed in as ${customer.name}`).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();

    const signIn = page.locator('form', { hasText: 'Sign in' }).first();
    await signIn.getByLabel('Email').fill(customer.email);
    await signIn.getByLabel('Password').fill('wrong password!');
    await signIn.getByRole('button', { name: 'Sign in' }).click();
    await signIn.getByRole('alert').waitFor();
    await signIn.getByLabel('Password').fill(customer.password);
    await signIn.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText(`Signed in as ${customer.name}`).waitFor();
  });

  it('shows a product with its rating and reviews, selects a variant, adds it to the cart and the wishlist', async () => {
    await page.getByRole('link', { name: 'Silk & Thread' }).click();
    await page.getByTestId('product-card').filter({ hasText: 'Organic Cotton T-shirt' }).click();
    await page.getByRole('heading', { name: 'Organic Cotton T-shirt' }).waitFor();
    await page.getByText('My new favourite tee').waitFor();
    await page.getByLabel('Rated 5 out of 5').waitFor();
    expect(await page.getByRole('radio', { name: /XXL/ }).isDisabled()).toBe(true);
    await expectText(page.getByTestId('price'), '€25.00');
    await page.getByRole('radio', { name: /Large/ }).check();
    await expectText(page.getByTestId('price'), '€29.00');
    await page.getByLabel('Quantity').fill('2');
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Added 2 × Organic Cotton T-shirt (Large)' })
      .waitFor();
    await page.getByRole('button', { name: 'Add to wishlist' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved to your wishlist.' }).waitFor();
    await expectText(page.getByTestId('cart-link'), 'Cart (2)');
    await imagesLoaded();
    await screenshot('product');

    await page.goto(shop('p/silk-scarf'));
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await expectText(page.getByTestId('cart-link'), 'Cart (3)');
  });

  it('changes quantities, removes an item and applies a discount code in the cart', async () => {
    await page.getByTestId('cart-link').click();
    await page.getByRole('heading', { name: 'Your cart' }).waitFor();
    expect(await page.getByTestId('cart-item').count()).toBe(2);
    await page.getByRole('button', { name: 'Remove Silk Scarf' }).click();
    await page.getByTestId('cart-item').nth(1).waitFor({ state: 'detached' });
    await page.getByLabel('Quantity of Organic Cotton T-shirt').fill('3');
    await page.getByLabel('Quantity of Organic Cotton T-shirt').press('Tab');
    await expectText(page.getByTestId('subtotal'), '€87.00');

    await page.getByLabel('Discount code').fill('NOPE');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByRole('alert').waitFor();
    await page.getByLabel('Discount code').fill('silk10');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expectText(page.getByTestId('discount'), '€8.70');
    await expectText(page.getByTestId('cart-total'), '€78.30');
    await screenshot('cart');
  });

  let orderNumber = '';

  it('checks out through Stripe Checkout and lands on the order, paid', async () => {
    await page.getByRole('link', { name: 'Checkout' }).click();
    await page.getByRole('heading', { name: 'Checkout' }).waitFor();
    expect(await page.getByLabel('Email').inputValue()).toBe(customer.email);
    await page.getByLabel('Address', { exact: true }).fill('12 Harbour Street');
    await page.getByLabel('City').fill('Dublin');
    await page.getByLabel('Postal code').fill('D02 X285');
    await page.getByLabel(/^Country/).fill('ie');
    await page.getByRole('button', { name: 'Place order and pay' }).click();

    await page.waitForURL(/^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_/);
    const sessionId = new URL(page.url()).pathname.split('/').pop()!;
    const [sent] = doubles.stripe.requests
      .filter((r) => r.method === 'POST' && r.path === '/v1/checkout/sessions')
      .slice(-1);
    const successUrl = String((sent.params as Record<string, unknown>).success_url);
    expect(successUrl).toMatch(new RegExp(`^${api.url(`/shop/${store.slug}/success\\?orderId=`)}`));
    // The shopper pays on Stripe's page; Stripe tells the api by a signed webhook, then sends
    // the shopper back.
    expect((await deliver(doubles.stripe.pay(sessionId).sessionCompleted)).status).toBe(200);
    await page.goto(successUrl);
    await expectText(page.getByTestId('order-status'), 'Paid');
    await expectText(page.getByTestId('order-total'), '€78.30');
    orderNumber = (await page.locator('strong', { hasText: /^#\d+$/ }).textContent()) ?? '';
    expect(orderNumber).toMatch(/^#10\d\d$/);
    await expectText(page.getByTestId('cart-link'), 'Cart (0)');
    await screenshot('success');
  });

  it("lists the order under the customer's orders, and the wishlist", async () => {
    await page.getByRole('link', { name: customer.name }).click();
    const orders = page.getByTestId('my-orders');
    await orders.waitFor();
    await expectText(orders.locator('tbody tr').first(), orderNumber);
    await expectText(orders.locator('tbody tr').first(), 'Paid');
    await expectText(page.getByTestId('wishlist'), 'Organic Cotton T-shirt');
    await screenshot('account');
  });

  it('ran without script errors or blocked resources', () => {
    expect(problems).toEqual([]);
  });
});

async function expectText(
  locator: ReturnType<Page['getByTestId']>,
  text: string,
  timeout = 10_000,
): Promise<void> {
  await locator
    .filter({ hasText: text })
    .first()
    .waitFor({ timeout })
    .catch(async () => {
      throw new Error(`expected “${text}” in “${await locator.first().textContent()}”`);
    });
}
