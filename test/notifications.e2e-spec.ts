import { OrderTransitions } from '../libs/ordering/src/application/order-transitions';
import { RequestContext, StoreId, TenantTx } from '@silkcart/shared';
import {
  ADDRESS,
  addMember,
  createStore,
  productWithVariants,
  registerUser,
  TestUser,
} from './support/fixtures';
import { waitFor } from './support/http';
import { SENDGRID_TEST_API_KEY, startSendGridDouble } from './support/sendgrid-double';
import { CapturedMail, SmtpCapture, startSmtpCapture } from './support/smtp-capture';
import { startTestApi, TestApi } from './support/test-api';
import { startTwilioDouble, TwilioDouble } from './support/twilio-double';

// Email through a real SMTP server (smtp-server), SMS through the Twilio SDK to its double,
// and the history a merchant reads; the in-process worker delivers.
jest.setTimeout(60_000);

describe('notifications (HTTP)', () => {
  let smtp: SmtpCapture;
  let twilio: TwilioDouble;
  let api: TestApi;
  let admin: TestUser;
  let store: { id: string; slug: string };
  let variantId: string;

  /** The message's subject says which template it is (the history says it too). */
  const mailTo = (to: string, template: string) =>
    smtp.waitFor(
      (m: CapturedMail) => m.to.includes(to) && SUBJECTS[template].test(m.subject),
      20_000,
    );
  const history = async (query = '') =>
    (
      await api.http('GET', `/api/v1/stores/${store.id}/notifications${query}`, {
        token: admin.token,
      })
    ).body;
  const placeOrder = async (email: string, quantity = 1, phone?: string) => {
    const res = await api.http('POST', `/api/v1/catalog/${store.slug}/orders`, {
      body: {
        items: [{ variantId, quantity }],
        email,
        shippingAddress: phone ? { ...ADDRESS, phone } : ADDRESS,
      },
    });
    expect(res.status).toBe(201);
    return res.body as { id: string; number: number; total: number };
  };
  const transition = (orderId: string, to: 'paid' | 'fulfilled', extra = {}) =>
    api.app
      .get(TenantTx)
      .run(RequestContext.system('test', store.id as StoreId), (ctx) =>
        api.app.get(OrderTransitions).apply(ctx, orderId, to, extra),
      );
  const settled = (query: string, status: string) =>
    waitFor(async () => {
      const page = await history(query);
      return page.items.length > 0 &&
        page.items.every((n: { status: string }) => n.status === status)
        ? page
        : null;
    }, 20_000);

  /** No message in flight, so a failure planted next hits the message the test sends. */
  const quiet = () =>
    waitFor(
      async () =>
        (
          await api.db.sql<{ n: number }>(
            `select count(*)::int as n from notification where status = 'queued'`,
          )
        )[0].n === 0,
      20_000,
      'every queued message to be delivered',
    );

  beforeAll(async () => {
    smtp = await startSmtpCapture();
    twilio = await startTwilioDouble();
    api = await startTestApi({
      env: {
        SMTP_URL: smtp.url,
        MAIL_FROM: 'shop@silkcart.test',
        TWILIO_ACCOUNT_SID: twilio.accountSid,
        TWILIO_AUTH_TOKEN: twilio.authToken,
        TWILIO_FROM: '+15005550006',
        TWILIO_API_BASE: twilio.url,
        JOB_BACKOFF_MS: '50',
        JOB_ATTEMPTS: '4',
        PUBLIC_URL: 'https://api.shop.test',
      },
    });
    admin = await registerUser(api, 'Notify Admin');
    store = await createStore(api, admin, 'EUR');
    await api.http('PATCH', `/api/v1/stores/${store.id}`, {
      token: admin.token,
      body: { supportEmail: 'help@shop.test', settings: { notifications: { sms: true } } },
    });
    [{ id: variantId }] = await productWithVariants(api, store.id, admin, [[24985, 6]]);
  });
  afterAll(async () => {
    await api?.close();
    await smtp?.close();
    await twilio?.close();
  });

  it('sends the welcome and the password reset through SMTP, with both parts', async () => {
    const user = await registerUser(api, 'Ada Welcome');
    const welcome = await mailTo(user.email, 'welcome');
    expect(welcome.from).toContain('shop@silkcart.test');
    expect(welcome.text).toContain('Ada Welcome');
    expect(welcome.html).toContain('<html');
    expect(welcome.messageId).toMatch(/@silkcart>$/);
    await api.http('POST', '/api/v1/auth/password/forgot', { body: { email: user.email } });
    const reset = await mailTo(user.email, 'password-reset');
    expect(reset.text).toContain('https://api.shop.test/reset-password?token=');
    expect(reset.html).toMatch(/reset-password\?token(=|&#x3D;)/);
  });

  it('sends each order message on its trigger, from the store, with its Reply-To, money for people', async () => {
    const buyer = 'buyer-orders@example.com';
    const order = await placeOrder(buyer, 1, '+33612345678');
    const confirmation = await mailTo(buyer, 'order-confirmation');
    expect(confirmation.subject).toContain(String(order.number));
    expect(confirmation.replyTo).toContain('help@shop.test');
    // 249.85 EUR plus shipping and tax, as people read it; never "24985 EUR".
    expect(confirmation.text).toMatch(/€249\.85/);
    expect(confirmation.text).not.toMatch(/24985/);
    expect(confirmation.text).toMatch(/1 × .+ – €249\.85/);

    await transition(order.id, 'paid');
    const paid = await mailTo(buyer, 'payment-received');
    expect(paid.replyTo).toContain('help@shop.test');

    await transition(order.id, 'fulfilled', { trackingNumber: 'TRK123', carrier: 'La Poste' });
    const shipped = await mailTo(buyer, 'order-shipped');
    expect(shipped.text).toContain('TRK123');
    const sms = await waitFor(
      async () => twilio.messages.find((m) => m.to === '+33612345678'),
      20_000,
      'the order-shipped SMS',
    );
    expect(sms.from).toBe('+15005550006');
    expect(sms.body).toContain(String(order.number));

    const page = await settled(`?orderId=${order.id}`, 'sent');
    expect(
      page.items
        .map((n: { template: string; channel: string }) => `${n.channel}:${n.template}`)
        .sort(),
    ).toEqual([
      'email:order-confirmation',
      'email:order-shipped',
      'email:payment-received',
      'sms:order-shipped',
    ]);
    for (const n of page.items) {
      expect(n).toMatchObject({
        status: 'sent',
        attempts: 1,
        lastError: null,
        sentAt: expect.any(String),
      });
    }
    expect(page.items.find((n: { channel: string }) => n.channel === 'sms').to).toBe(
      '+33612345678',
    );
  });

  it('emails the StoreAdmins when a variant falls to its threshold', async () => {
    const [low] = await productWithVariants(api, store.id, admin, [[500, 6]]);
    await api.http('POST', `/api/v1/catalog/${store.slug}/orders`, {
      body: {
        items: [{ variantId: low.id, quantity: 4 }],
        email: 'low@example.com',
        shippingAddress: ADDRESS,
      },
    });
    const alert = await mailTo(admin.email, 'low-stock');
    expect(alert.text).toContain(low.sku);
  });

  it('retries a failing SMTP server: failing twice then accepting → sent with 3 attempts', async () => {
    await quiet();
    smtp.failNext(2);
    const order = await placeOrder('retry@example.com');
    const page = await settled(`?orderId=${order.id}`, 'sent');
    expect(page.items[0]).toMatchObject({ status: 'sent', attempts: 3, lastError: null });
    expect(smtp.messages.filter((m) => m.to.includes('retry@example.com'))).toHaveLength(1);
  });

  it('ends failed with the last error when the server always refuses', async () => {
    await quiet();
    smtp.failNext(100);
    try {
      const order = await placeOrder('never@example.com');
      const page = await settled(`?orderId=${order.id}&status=failed`, 'failed');
      expect(page.items[0]).toMatchObject({
        status: 'failed',
        attempts: 4,
        lastError: expect.stringMatching(/451/),
        sentAt: null,
      });
    } finally {
      smtp.failNext(0);
    }
  });

  it('resends the order confirmation as a new notification (Staff+), 404 for an unknown order', async () => {
    const buyer = 'resend@example.com';
    const order = await placeOrder(buyer);
    await mailTo(buyer, 'order-confirmation');
    const staff = await registerUser(api, 'Notify Staff');
    await addMember(api, store.id, admin, staff, 'Staff');
    const res = await api.http(
      'POST',
      `/api/v1/stores/${store.id}/notifications/email/order-confirmation`,
      {
        token: staff.token,
        body: { orderId: order.id },
      },
    );
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ notificationId: expect.any(String), status: 'queued' });
    await waitFor(
      async () =>
        smtp.messages.filter(
          (m) => m.to.includes(buyer) && SUBJECTS['order-confirmation'].test(m.subject),
        ).length === 2,
      20_000,
      'a second confirmation',
    );
    const page = await settled(`?orderId=${order.id}`, 'sent');
    expect(page.items.map((n: { id: string }) => n.id)).toContain(res.body.notificationId);
    expect(page.total).toBe(2);

    const unknown = await api.http(
      'POST',
      `/api/v1/stores/${store.id}/notifications/email/order-confirmation`,
      {
        token: admin.token,
        body: { orderId: '00000000-0000-4000-8000-000000000000' },
      },
    );
    expect(unknown.status).toBe(404);
    const viewer = await registerUser(api, 'Notify Viewer');
    await addMember(api, store.id, admin, viewer, 'Viewer');
    const refused = await api.http(
      'POST',
      `/api/v1/stores/${store.id}/notifications/email/order-confirmation`,
      {
        token: viewer.token,
        body: { orderId: order.id },
      },
    );
    expect(refused.status).toBe(403);
  });

  it('pages and filters the history, refuses an unknown status, hides other stores', async () => {
    const page = await history('?page=1&limit=2');
    expect(page).toMatchObject({ page: 1, limit: 2 });
    expect(page.items).toHaveLength(2);
    expect(page.total).toBeGreaterThan(2);
    const sent = await history('?status=sent&limit=100');
    expect(sent.items.every((n: { status: string }) => n.status === 'sent')).toBe(true);
    expect(
      (
        await api.http('GET', `/api/v1/stores/${store.id}/notifications?status=lost`, {
          token: admin.token,
        })
      ).status,
    ).toBe(400);
    const other = await registerUser(api, 'Other Owner');
    const otherStore = await createStore(api, other);
    const theirs = await api.http('GET', `/api/v1/stores/${otherStore.id}/notifications`, {
      token: other.token,
    });
    expect(theirs.body.items).toEqual([]);
  });

  it('sends through SendGrid when SENDGRID_API_KEY is set, and records its message id', async () => {
    const sendgrid = await startSendGridDouble();
    const viaSendGrid = await startTestApi({
      env: {
        SENDGRID_API_KEY: SENDGRID_TEST_API_KEY,
        SENDGRID_API_BASE: sendgrid.url,
        MAIL_FROM: 'shop@silkcart.test',
        JOB_BACKOFF_MS: '50',
      },
    });
    try {
      const owner = await registerUser(viaSendGrid, 'Grid Owner');
      const message = await waitFor(
        async () =>
          sendgrid.messages.find((m) => m.body.personalizations[0].to[0].email === owner.email),
        20_000,
        'the welcome email at SendGrid',
      );
      expect((message.body.content ?? []).map((c) => c.type)).toEqual(['text/plain', 'text/html']);
      // Recorded right after SendGrid accepted it.
      const row = await waitFor(async () => {
        const [r] = await viaSendGrid.db.sql<{ transport: string; provider_message_id: string }>(
          `select transport, provider_message_id from notification where recipient = $1 and status = 'sent'`,
          [owner.email],
        );
        return r ?? null;
      }, 20_000);
      expect(row).toEqual({ transport: 'sendgrid', provider_message_id: message.id });
    } finally {
      await viaSendGrid.close();
      await sendgrid.close();
    }
  });
});

const SUBJECTS: Record<string, RegExp> = {
  welcome: /^Welcome to SilkCart/,
  'password-reset': /^Reset your SilkCart password/,
  'order-confirmation': /^Your order #\d+ at /,
  'payment-received': /^Payment received for order #\d+/,
  'order-shipped': /^Your order #\d+ has shipped/,
  'low-stock': /^Low stock: /,
};
