import { randomUUID } from 'node:crypto';
import {
  ADDRESS,
  createStore,
  productWithVariants,
  registerUser,
  sentMail,
  TestUser,
  unique,
  waitForMail,
} from './support/fixtures';
import { HttpResult, request, waitFor } from './support/http';
import { PaymentDoubles, startPaymentDoubles } from './support/payment-doubles';
import type { PayPalDouble } from './support/paypal-double';
import { startTestApi, TestApi } from './support/test-api';

interface PlacedOrder {
  id: string;
  orderToken: string;
  total: number;
  currency: string;
  email: string;
}

describe('PayPal payments (HTTP)', () => {
  let doubles: PaymentDoubles;
  let paypal: PayPalDouble;
  let api: TestApi;
  let admin: TestUser;
  let store: { id: string; slug: string };
  let variantId: string;

  beforeAll(async () => {
    doubles = await startPaymentDoubles();
    paypal = doubles.paypal;
    api = await startTestApi({
      env: {
        ...doubles.env,
        AUTH_RATE_LIMIT: '100000',
        STOREFRONT_RATE_LIMIT: '100000',
        JOB_BACKOFF_MS: '50',
      },
    });
    admin = await registerUser(api, 'PayPal Admin');
    store = await createStore(api, admin, 'USD');
    // An odd price, so the decimal string PayPal gets is checked to the cent.
    [{ id: variantId }] = await productWithVariants(api, store.id, admin, [[2345, 100000]]);
  });
  afterAll(async () => {
    await api?.close();
    await doubles?.close();
  });

  /** A pending_payment order with its own buyer address, so its emails can be counted. */
  async function placeOrder(
    target: { slug: string } = store,
    variant = variantId,
    quantity = 1,
  ): Promise<PlacedOrder> {
    const email = `${unique('buyer')}@example.com`;
    const res = await api.http('POST', `/api/v1/catalog/${target.slug}/orders`, {
      body: { items: [{ variantId: variant, quantity }], email, shippingAddress: ADDRESS },
    });
    expect(res.status).toBe(201);
    const { id, orderToken, total, currency } = res.body;
    return { id, orderToken, total, currency, email };
  }

  const createPayPalOrder = (
    order: Pick<PlacedOrder, 'id' | 'orderToken'>,
    key: string | null = unique('paypal-key'),
    extra: Record<string, unknown> = {},
  ) =>
    api.http('POST', '/api/v1/payments/paypal/orders', {
      body: { orderId: order.id, orderToken: order.orderToken, ...extra },
      headers: key === null ? {} : { 'idempotency-key': key },
    });

  async function payPalOrderFor(order: PlacedOrder): Promise<string> {
    const res = await createPayPalOrder(order);
    expect(res.status).toBe(201);
    return res.body.paypalOrderId as string;
  }

  const capture = (paypalOrderId: string, order: Pick<PlacedOrder, 'id' | 'orderToken'>) =>
    api.http('POST', `/api/v1/payments/paypal/orders/${paypalOrderId}/capture`, {
      body: { orderId: order.id, orderToken: order.orderToken },
    });

  /** An order paid through PayPal (created, approved, captured through our route). */
  async function paidOrder() {
    const order = await placeOrder();
    const paypalOrderId = await payPalOrderFor(order);
    paypal.approve(paypalOrderId);
    const res = await capture(paypalOrderId, order);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('paid');
    return { order, paypalOrderId, captureId: res.body.payments[0].providerPaymentId as string };
  }

  const storeOrder = async (orderId: string) => {
    const res = await api.http('GET', `/api/v1/stores/${store.id}/orders/${orderId}`, {
      token: admin.token,
    });
    expect(res.status).toBe(200);
    return res.body;
  };

  const cancel = (orderId: string) =>
    api.http('POST', `/api/v1/stores/${store.id}/orders/${orderId}/cancel`, {
      token: admin.token,
      body: {},
      headers: { 'idempotency-key': unique('cancel') },
    });

  const refund = (orderId: string, body: Record<string, unknown>, key = unique('refund')) =>
    api.http('POST', `/api/v1/stores/${store.id}/orders/${orderId}/refunds`, {
      token: admin.token,
      body,
      headers: { 'idempotency-key': key },
    });

  const webhook = (
    event: object,
    headers: Record<string, string> = paypal.signedHeaders(event),
    body = JSON.stringify(event),
  ) =>
    api.http('POST', '/api/v1/payments/paypal/webhook', {
      raw: { body, contentType: 'application/json' },
      headers,
    });

  /** PayPal's REST API called directly, as the payer's browser or PayPal's dashboard would. */
  async function atPayPal(method: string, path: string, body?: unknown): Promise<HttpResult> {
    const basic = Buffer.from(`${paypal.clientId}:${paypal.clientSecret}`).toString('base64');
    const token = await request(`${paypal.url}/v1/oauth2/token`, 'POST', {
      raw: {
        body: 'grant_type=client_credentials',
        contentType: 'application/x-www-form-urlencoded',
      },
      headers: { authorization: `Basic ${basic}` },
    });
    expect(token.status).toBe(200);
    return request(`${paypal.url}${path}`, method, { body, token: token.body.access_token });
  }

  /** The payer approves and the capture happens at PayPal, but our side never hears the answer. */
  async function capturedAtPayPalOnly(paypalOrderId: string): Promise<string> {
    paypal.approve(paypalOrderId);
    const res = await atPayPal('POST', `/v2/checkout/orders/${paypalOrderId}/capture`, {});
    expect(res.status).toBe(201);
    const captured = res.body.purchase_units[0].payments.captures[0];
    expect(captured.status).toBe('COMPLETED');
    return captured.id as string;
  }

  const count = async (query: string, params: unknown[]) =>
    Number((await api.db.sql<{ n: string }>(query, params))[0].n);
  /** OrderPaid deliveries to the payment-received subscriber: one per paid transition. */
  const paidTransitions = (orderId: string) =>
    count(
      `select count(*) as n from outbox_message
        where type = 'notifications.send-payment-received' and payload->'data'->>'orderId' = $1`,
      [orderId],
    );
  const inboxRows = (eventId: string) =>
    count(`select count(*) as n from payment_inbox where provider = 'paypal' and event_id = $1`, [
      eventId,
    ]);
  const paymentRows = (orderId: string) =>
    count(`select count(*) as n from payment where order_id = $1`, [orderId]);

  const requestsTo = (method: string, path: string) =>
    paypal.requests.filter((r) => r.method === method && r.path === path);
  const createRequestsFor = (orderId: string) =>
    requestsTo('POST', '/v2/checkout/orders').filter(
      (r) => r.body?.purchase_units?.[0]?.custom_id === orderId,
    );
  const refundRequests = (captureId: string) =>
    requestsTo('POST', `/v2/payments/captures/${captureId}/refund`);
  const captureRequests = (paypalOrderId: string) =>
    requestsTo('POST', `/v2/checkout/orders/${paypalOrderId}/capture`);
  const paymentReceivedMails = (email: string) =>
    sentMail(api, email).filter((m) => m.template === 'payment-received');
  /** Lets in-process jobs that would wrongly run a second time have their chance. */
  const settle = () => new Promise((r) => setTimeout(r, 500));

  describe('POST /payments/paypal/orders', () => {
    it('creates a PayPal order with intent CAPTURE for the order total as a decimal string, custom_id = our order id', async () => {
      const order = await placeOrder();
      const res = await createPayPalOrder(order);
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        paypalOrderId: expect.any(String),
        approveUrl: expect.any(String),
      });
      expect(res.body.approveUrl).toContain(res.body.paypalOrderId);

      const [sent] = createRequestsFor(order.id);
      expect(createRequestsFor(order.id)).toHaveLength(1);
      expect(sent.body.intent).toBe('CAPTURE');
      expect(sent.body.purchase_units).toHaveLength(1);
      expect(sent.body.purchase_units[0].amount).toEqual({
        currency_code: 'USD',
        value: (order.total / 100).toFixed(2),
      });
      expect(sent.body.purchase_units[0].custom_id).toBe(order.id);

      const shown = await storeOrder(order.id);
      expect(shown.status).toBe('pending_payment');
      expect(shown.payments).toEqual([
        expect.objectContaining({
          provider: 'paypal',
          status: 'pending',
          amount: order.total,
          amountRefunded: 0,
        }),
      ]);
    });

    it('sends a zero-decimal currency (JPY) in whole units', async () => {
      const owner = await registerUser(api, 'Yen Owner');
      const yen = await createStore(api, owner, 'JPY');
      const [v] = await productWithVariants(api, yen.id, owner, [[1500, 10]]);
      const order = await placeOrder(yen, v.id, 2);
      expect(order.currency).toBe('JPY');
      expect((await createPayPalOrder(order)).status).toBe(201);
      expect(createRequestsFor(order.id)[0].body.purchase_units[0].amount).toEqual({
        currency_code: 'JPY',
        value: String(order.total),
      });
    });

    it('sends TWD, which PayPal takes without decimals though ISO-4217 gives it two, in whole units', async () => {
      const owner = await registerUser(api, 'Dollar Owner');
      const twd = await createStore(api, owner, 'TWD');
      const [v] = await productWithVariants(api, twd.id, owner, [[150000, 10]]);
      const order = await placeOrder(twd, v.id, 1);
      expect(order.currency).toBe('TWD');
      expect(order.total % 100).toBe(0);
      const created = await createPayPalOrder(order);
      expect(created.status).toBe(201);
      expect(createRequestsFor(order.id)[0].body.purchase_units[0].amount).toEqual({
        currency_code: 'TWD',
        value: String(order.total / 100),
      });

      paypal.approve(created.body.paypalOrderId);
      const paid = await capture(created.body.paypalOrderId, order);
      expect(paid.status).toBe(200);
      expect(paid.body.status).toBe('paid');
      const captureId = paid.body.payments[0].providerPaymentId;
      const refunded = await api.http(
        'POST',
        `/api/v1/stores/${twd.id}/orders/${order.id}/refunds`,
        {
          token: owner.token,
          body: { amount: 10000 },
          headers: { 'idempotency-key': unique('refund') },
        },
      );
      expect(refunded.status).toBe(201);
      expect(refundRequests(captureId)[0].body.amount).toEqual({
        currency_code: 'TWD',
        value: '100',
      });
    });

    it('answers 422, not 502, for an order PayPal cannot take (its currency, a fraction of TWD)', async () => {
      const owner = await registerUser(api, 'Dinar Owner');
      const kwd = await createStore(api, owner, 'KWD');
      const [k] = await productWithVariants(api, kwd.id, owner, [[1500, 10]]);
      const refused = await createPayPalOrder(await placeOrder(kwd, k.id, 1));
      expect(refused.status).toBe(422);
      expect(refused.body.type).toMatch(/provider-refused-order$/);
      const twd = await createStore(api, owner, 'TWD');
      const [t] = await productWithVariants(api, twd.id, owner, [[1050, 10]]);
      const fraction = await createPayPalOrder(await placeOrder(twd, t.id, 1));
      expect(fraction.status).toBe(422);
      expect(fraction.body.detail).toContain('whole units');
    });

    it('answers 404 for an unknown order or a wrong token, and makes no PayPal order', async () => {
      const order = await placeOrder();
      const unknown = await createPayPalOrder({ id: randomUUID(), orderToken: order.orderToken });
      expect(unknown.status).toBe(404);
      expect(unknown.headers.get('content-type')).toContain('application/problem+json');
      const wrong = await createPayPalOrder({ id: order.id, orderToken: 'not-the-token' });
      expect(wrong.status).toBe(404);
      expect(wrong.body).toMatchObject({ status: 404 });
      expect(createRequestsFor(order.id)).toHaveLength(0);
      expect(await paymentRows(order.id)).toBe(0);
    });

    it('answers 409 for an order that is not pending_payment', async () => {
      const order = await placeOrder();
      const cancelled = await cancel(order.id);
      expect(cancelled.status).toBe(200);
      expect(cancelled.body.status).toBe('cancelled');
      const res = await createPayPalOrder(order);
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ status: 409 });
      expect(createRequestsFor(order.id)).toHaveLength(0);

      const { order: paid } = await paidOrder();
      expect((await createPayPalOrder(paid)).status).toBe(409);
    });

    it('replays the first answer for the same Idempotency-Key without a second PayPal order, and refuses another body with it → 422', async () => {
      const order = await placeOrder();
      const key = unique('checkout');
      const first = await createPayPalOrder(order, key);
      expect(first.status).toBe(201);
      expect(first.headers.get('idempotent-replayed')).toBeNull();

      const again = await createPayPalOrder(order, key);
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(createRequestsFor(order.id)).toHaveLength(1);
      expect(await paymentRows(order.id)).toBe(1);

      const other = await createPayPalOrder(order, key, {
        returnUrl: 'https://shop.example/paypal/back',
      });
      expect(other.status).toBe(422);
      expect(other.body).toMatchObject({ status: 422 });
      expect(createRequestsFor(order.id)).toHaveLength(1);
    });

    it('answers 502 when PayPal fails, records no payment, and a retry with the same key succeeds', async () => {
      const order = await placeOrder();
      const key = unique('checkout');
      paypal.failNext(500);
      const failed = await createPayPalOrder(order, key);
      expect(failed.status).toBe(502);
      expect(failed.headers.get('content-type')).toContain('application/problem+json');
      expect(failed.body).toMatchObject({ status: 502, detail: expect.stringContaining('PayPal') });
      expect(await paymentRows(order.id)).toBe(0);
      expect((await storeOrder(order.id)).payments).toEqual([]);

      const retried = await createPayPalOrder(order, key);
      expect(retried.status).toBe(201);
      expect(await paymentRows(order.id)).toBe(1);
    });

    it('renews an access token PayPal no longer accepts instead of failing the request', async () => {
      const order = await placeOrder();
      expect((await createPayPalOrder(order)).status).toBe(201);
      paypal.expireTokens();
      const next = await placeOrder();
      const res = await createPayPalOrder(next);
      expect(res.status).toBe(201);
    });
  });

  describe('POST /payments/paypal/orders/{paypalOrderId}/capture', () => {
    it('marks the order paid once the approved PayPal order is captured, with the capture as its payment', async () => {
      const order = await placeOrder();
      const paypalOrderId = await payPalOrderFor(order);
      paypal.approve(paypalOrderId);
      const res = await capture(paypalOrderId, order);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: order.id, status: 'paid', total: order.total });
      expect(res.body.paidAt).toEqual(expect.any(String));

      const atPayPalSide = await atPayPal('GET', `/v2/checkout/orders/${paypalOrderId}`);
      const captureId = atPayPalSide.body.purchase_units[0].payments.captures[0].id;
      expect(res.body.payments).toEqual([
        expect.objectContaining({
          provider: 'paypal',
          status: 'succeeded',
          amount: order.total,
          amountRefunded: 0,
          providerPaymentId: captureId,
        }),
      ]);
      expect((await storeOrder(order.id)).status).toBe('paid');
      expect(await paidTransitions(order.id)).toBe(1);
      await waitForMail(api, order.email, 'payment-received');
    });

    it('answers 402 when PayPal declines the instrument; the order stays payable and a later capture pays it', async () => {
      const order = await placeOrder();
      const paypalOrderId = await payPalOrderFor(order);
      paypal.approve(paypalOrderId);
      paypal.declineNext();
      const declined = await capture(paypalOrderId, order);
      expect(declined.status).toBe(402);
      expect(declined.headers.get('content-type')).toContain('application/problem+json');
      expect(declined.body).toMatchObject({ status: 402 });
      const after = await storeOrder(order.id);
      expect(after.status).toBe('pending_payment');
      expect(after.paidAt).toBeNull();
      expect(await paidTransitions(order.id)).toBe(0);

      // The payer picks another funding source; the same PayPal order is captured again.
      const paid = await capture(paypalOrderId, order);
      expect(paid.status).toBe(200);
      expect(paid.body.status).toBe('paid');
      expect(await paidTransitions(order.id)).toBe(1);
    });

    it('answers 402 for a DECLINED capture, records the payment failed, and the order can still be paid', async () => {
      const order = await placeOrder();
      const paypalOrderId = await payPalOrderFor(order);
      paypal.approve(paypalOrderId);
      paypal.declineNext('capture');
      const declined = await capture(paypalOrderId, order);
      expect(declined.status).toBe(402);
      const after = await storeOrder(order.id);
      expect(after.status).toBe('pending_payment');
      expect(after.payments).toEqual([
        expect.objectContaining({ provider: 'paypal', status: 'failed' }),
      ]);

      const second = await payPalOrderFor(order);
      paypal.approve(second);
      const paid = await capture(second, order);
      expect(paid.status).toBe(200);
      expect(paid.body.status).toBe('paid');
      expect(paid.body.payments.map((p: { status: string }) => p.status).sort()).toEqual([
        'failed',
        'succeeded',
      ]);
    });

    it('answers 404 for a wrong token, an unknown PayPal order, or the PayPal order of another order', async () => {
      const order = await placeOrder();
      const other = await placeOrder();
      const paypalOrderId = await payPalOrderFor(order);
      const othersPayPalOrder = await payPalOrderFor(other);
      paypal.approve(paypalOrderId);
      paypal.approve(othersPayPalOrder);

      expect((await capture(paypalOrderId, { id: order.id, orderToken: 'wrong' })).status).toBe(
        404,
      );
      expect((await capture(paypalOrderId, { id: randomUUID(), orderToken: 'x' })).status).toBe(
        404,
      );
      expect((await capture('NOSUCHPAYPALORDER', order)).status).toBe(404);
      const crossed = await capture(othersPayPalOrder, order);
      expect(crossed.status).toBe(404);
      expect(crossed.body).toMatchObject({ status: 404 });
      // Nothing was captured at PayPal for any of these.
      expect(captureRequests(paypalOrderId)).toHaveLength(0);
      expect(captureRequests(othersPayPalOrder)).toHaveLength(0);
      expect((await storeOrder(other.id)).status).toBe('pending_payment');
      expect((await storeOrder(order.id)).status).toBe('pending_payment');
    });

    it('answers 502 when PayPal fails on capture; the order stays payable and a retry pays it', async () => {
      const order = await placeOrder();
      const paypalOrderId = await payPalOrderFor(order);
      paypal.approve(paypalOrderId);
      paypal.failNext(503);
      const failed = await capture(paypalOrderId, order);
      expect(failed.status).toBe(502);
      expect(failed.body).toMatchObject({ status: 502 });
      expect((await storeOrder(order.id)).status).toBe('pending_payment');

      const retried = await capture(paypalOrderId, order);
      expect(retried.status).toBe(200);
      expect(retried.body.status).toBe('paid');
      expect(await paidTransitions(order.id)).toBe(1);
    });

    it('two captures at once take the money once and both answer the paid order', async () => {
      const order = await placeOrder();
      const paypalOrderId = await payPalOrderFor(order);
      paypal.approve(paypalOrderId);
      const answers = await Promise.all([
        capture(paypalOrderId, order),
        capture(paypalOrderId, order),
      ]);
      expect(answers.map((a) => [a.status, a.body.status])).toEqual([
        [200, 'paid'],
        [200, 'paid'],
      ]);
      expect(captureRequests(paypalOrderId)).toHaveLength(1);
      expect(await paidTransitions(order.id)).toBe(1);
    });

    it('refuses to capture a second PayPal order of an order already paid → 409, and takes no money twice', async () => {
      const order = await placeOrder();
      const first = await payPalOrderFor(order);
      const second = await payPalOrderFor(order); // another tab, another PayPal order
      paypal.approve(first);
      paypal.approve(second);
      expect((await capture(first, order)).body.status).toBe('paid');

      const res = await capture(second, order);
      expect(res.status).toBe(409);
      expect(captureRequests(second)).toHaveLength(0);
      const after = await storeOrder(order.id);
      expect(after.status).toBe('paid');
      expect(
        after.payments.filter((p: { status: string }) => p.status === 'succeeded'),
      ).toHaveLength(1);
    });

    it('refuses to capture for an order cancelled after its PayPal order was made → 409, and takes no money', async () => {
      const order = await placeOrder();
      const paypalOrderId = await payPalOrderFor(order);
      paypal.approve(paypalOrderId);
      expect((await cancel(order.id)).status).toBe(200);

      const res = await capture(paypalOrderId, order);
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ status: 409 });
      expect(captureRequests(paypalOrderId)).toHaveLength(0);
      expect((await storeOrder(order.id)).status).toBe('cancelled');
    });
  });

  describe('the return page', () => {
    it('captures the approved PayPal order when the payer lands back on it', async () => {
      const order = await placeOrder();
      const paypalOrderId = await payPalOrderFor(order);
      paypal.approve(paypalOrderId);
      const page = await api.http(
        'GET',
        `/api/v1/catalog/${store.slug}/checkout/success?token=${paypalOrderId}&PayerID=PAYER1`,
      );
      expect(page.status).toBe(200);
      expect(page.text).toContain('payment is received');
      expect((await storeOrder(order.id)).status).toBe('paid');
      // Landing again (a reload) takes nothing more.
      await api.http(
        'GET',
        `/api/v1/catalog/${store.slug}/checkout/success?token=${paypalOrderId}`,
      );
      expect(await paidTransitions(order.id)).toBe(1);
    });

    it('says so when PayPal declines, and the order stays payable', async () => {
      const order = await placeOrder();
      const paypalOrderId = await payPalOrderFor(order);
      paypal.approve(paypalOrderId);
      paypal.declineNext();
      const page = await api.http(
        'GET',
        `/api/v1/catalog/${store.slug}/checkout/success?token=${paypalOrderId}`,
      );
      expect(page.status).toBe(200);
      expect(page.text).toContain('declined');
      expect((await storeOrder(order.id)).status).toBe('pending_payment');
    });
  });

  describe('the capture answer and its webhook are one fact', () => {
    it('capture first, then PAYMENT.CAPTURE.COMPLETED: 200 and no second effect', async () => {
      const { order, captureId } = await paidOrder();
      const event = paypal.captureCompletedEvent(captureId);
      const res = await webhook(event);
      expect(res.status).toBe(200);
      const after = await storeOrder(order.id);
      expect(after.status).toBe('paid');
      expect(after.payments).toHaveLength(1);
      expect(await paidTransitions(order.id)).toBe(1);
      await waitForMail(api, order.email, 'payment-received');
      await settle();
      expect(paymentReceivedMails(order.email)).toHaveLength(1);
    });

    it('PAYMENT.CAPTURE.COMPLETED first (our capture answer lost), then our capture: 200 paid, one effect', async () => {
      const order = await placeOrder();
      const paypalOrderId = await payPalOrderFor(order);
      const captureId = await capturedAtPayPalOnly(paypalOrderId);

      const hook = await webhook(paypal.captureCompletedEvent(captureId));
      expect(hook.status).toBe(200);
      expect((await storeOrder(order.id)).status).toBe('paid');

      const res = await capture(paypalOrderId, order);
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('paid');
      expect(res.body.payments).toEqual([
        expect.objectContaining({ status: 'succeeded', providerPaymentId: captureId }),
      ]);
      expect(await paidTransitions(order.id)).toBe(1);
      await waitForMail(api, order.email, 'payment-received');
      await settle();
      expect(paymentReceivedMails(order.email)).toHaveLength(1);
    });

    it('our capture after PayPal captured already (answer lost, no webhook yet) pays the order from what PayPal holds', async () => {
      const order = await placeOrder();
      const paypalOrderId = await payPalOrderFor(order);
      const captureId = await capturedAtPayPalOnly(paypalOrderId);

      const res = await capture(paypalOrderId, order);
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('paid');
      expect(res.body.payments[0]).toMatchObject({
        status: 'succeeded',
        providerPaymentId: captureId,
      });
      expect((await webhook(paypal.captureCompletedEvent(captureId))).status).toBe(200);
      expect(await paidTransitions(order.id)).toBe(1);
    });
  });

  describe('POST /payments/paypal/webhook', () => {
    it('answers 400 to a tampered body and has no effect', async () => {
      const order = await placeOrder();
      const paypalOrderId = await payPalOrderFor(order);
      const captureId = await capturedAtPayPalOnly(paypalOrderId);
      const event = paypal.captureCompletedEvent(captureId);
      const headers = paypal.signedHeaders(event);
      const tampered = { ...event, resource: { ...event.resource, custom_id: randomUUID() } };

      const res = await webhook(tampered, headers);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(await inboxRows(event.id)).toBe(0);
      const after = await storeOrder(order.id);
      expect(after.status).toBe('pending_payment');
      expect(after.payments[0].status).toBe('pending');
    });

    it('answers 400 to wrong or missing signature headers and has no effect', async () => {
      const order = await placeOrder();
      const paypalOrderId = await payPalOrderFor(order);
      const captureId = await capturedAtPayPalOnly(paypalOrderId);
      const event = paypal.captureCompletedEvent(captureId);
      const good = paypal.signedHeaders(event);
      const otherEvent = { ...event, id: `WH-${randomUUID()}` };

      const variants: Array<Record<string, string>> = [
        // Signed for another event.
        paypal.signedHeaders(otherEvent),
        { ...good, 'paypal-transmission-sig': Buffer.from('forged').toString('base64') },
        { ...good, 'paypal-transmission-id': randomUUID() },
        { ...good, 'paypal-cert-url': 'https://attacker.example/cert.pem' },
        { ...good, 'paypal-auth-algo': 'SHA1withRSA' },
      ];
      for (const headers of variants) {
        expect((await webhook(event, headers)).status).toBe(400);
      }
      for (const name of Object.keys(good).filter((h) => h.startsWith('paypal-'))) {
        const headers = { ...good };
        delete headers[name];
        const res = await webhook(event, headers);
        expect(res.status).toBe(400);
      }
      expect((await webhook(event, { 'content-type': 'application/json' })).status).toBe(400);
      expect(await inboxRows(event.id)).toBe(0);
      expect((await storeOrder(order.id)).status).toBe('pending_payment');

      // The genuine delivery still goes through afterwards.
      expect((await webhook(event, good)).status).toBe(200);
      expect((await storeOrder(order.id)).status).toBe('paid');
    });

    it('applies PAYMENT.CAPTURE.COMPLETED replayed 10× in parallel once', async () => {
      const order = await placeOrder();
      const paypalOrderId = await payPalOrderFor(order);
      const captureId = await capturedAtPayPalOnly(paypalOrderId);
      const event = paypal.captureCompletedEvent(captureId);
      const headers = paypal.signedHeaders(event);

      const answers = await Promise.all(Array.from({ length: 10 }, () => webhook(event, headers)));
      expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
      expect(await inboxRows(event.id)).toBe(1);
      expect(await paidTransitions(order.id)).toBe(1);
      const after = await storeOrder(order.id);
      expect(after.status).toBe('paid');
      expect(after.payments).toEqual([
        expect.objectContaining({ status: 'succeeded', providerPaymentId: captureId }),
      ]);
    });

    it('applies PAYMENT.CAPTURE.DENIED and PAYMENT.CAPTURE.REFUNDED replayed 10× in parallel once', async () => {
      // DENIED for a capture our side has not recorded yet.
      const pending = await placeOrder();
      const deniedCapture = await capturedAtPayPalOnly(await payPalOrderFor(pending));
      const denied = paypal.captureDeniedEvent(deniedCapture);
      const deniedHeaders = paypal.signedHeaders(denied);
      const deniedAnswers = await Promise.all(
        Array.from({ length: 10 }, () => webhook(denied, deniedHeaders)),
      );
      expect(deniedAnswers.map((a) => a.status)).toEqual(Array(10).fill(200));
      expect(await inboxRows(denied.id)).toBe(1);
      const failed = await storeOrder(pending.id);
      expect(failed.status).toBe('pending_payment');
      expect(failed.payments).toEqual([expect.objectContaining({ status: 'failed' })]);

      // A refund made in PayPal's dashboard, reported 10× at once: recorded once.
      const { order, captureId } = await paidOrder();
      const made = await atPayPal('POST', `/v2/payments/captures/${captureId}/refund`, {
        amount: { currency_code: 'USD', value: '1.01' },
      });
      expect(made.status).toBe(201);
      const refunded = paypal.captureRefundedEvent(made.body.id);
      const refundedHeaders = paypal.signedHeaders(refunded);
      const refundAnswers = await Promise.all(
        Array.from({ length: 10 }, () => webhook(refunded, refundedHeaders)),
      );
      expect(refundAnswers.map((a) => a.status)).toEqual(Array(10).fill(200));
      expect(await inboxRows(refunded.id)).toBe(1);
      const after = await storeOrder(order.id);
      expect(after.status).toBe('partially_refunded');
      expect(after.payments[0].amountRefunded).toBe(101);
      expect(after.payments[0].refunds).toEqual([
        expect.objectContaining({ amount: 101, status: 'succeeded' }),
      ]);
    });

    it('PAYMENT.CAPTURE.DENIED for a pending capture fails the payment and the order stays payable', async () => {
      const order = await placeOrder();
      const paypalOrderId = await payPalOrderFor(order);
      const captureId = await capturedAtPayPalOnly(paypalOrderId);
      const res = await webhook(paypal.captureDeniedEvent(captureId));
      expect(res.status).toBe(200);
      const after = await storeOrder(order.id);
      expect(after.status).toBe('pending_payment');
      expect(after.payments).toEqual([expect.objectContaining({ status: 'failed' })]);
      expect(await paidTransitions(order.id)).toBe(0);

      // Still payable: a new PayPal order is made and pays it.
      const second = await payPalOrderFor(order);
      paypal.approve(second);
      expect((await capture(second, order)).body.status).toBe('paid');
    });

    it('a late PAYMENT.CAPTURE.DENIED after the order is paid never un-pays it', async () => {
      const { order, captureId } = await paidOrder();
      const res = await webhook(paypal.captureDeniedEvent(captureId));
      expect(res.status).toBe(200);
      const after = await storeOrder(order.id);
      expect(after.status).toBe('paid');
      expect(after.paidAt).toEqual(expect.any(String));
      expect(after.payments).toEqual([
        expect.objectContaining({ status: 'succeeded', providerPaymentId: captureId }),
      ]);
    });

    it('answers 200 to a verified event of a type it does not act on', async () => {
      const { order, captureId } = await paidOrder();
      const completed = paypal.captureCompletedEvent(captureId);
      const event = {
        ...completed,
        event_type: 'CHECKOUT.ORDER.APPROVED',
        resource_type: 'checkout-order',
      };
      const res = await webhook(event);
      expect(res.status).toBe(200);
      expect(await inboxRows(event.id)).toBe(0);
      expect((await storeOrder(order.id)).status).toBe('paid');
    });
  });

  describe('refunds of a PayPal-paid order', () => {
    it('refunds part at PayPal with the exact decimal amount → 201, partially_refunded', async () => {
      const { order, captureId } = await paidOrder();
      const res = await refund(order.id, { amount: 333 });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        amount: 333,
        status: 'succeeded',
        createdAt: expect.any(String),
      });
      expect(refundRequests(captureId)).toHaveLength(1);
      expect(refundRequests(captureId)[0].body.amount).toEqual({
        currency_code: 'USD',
        value: '3.33',
      });
      const after = await storeOrder(order.id);
      expect(after.status).toBe('partially_refunded');
      expect(after.payments[0]).toMatchObject({ amount: order.total, amountRefunded: 333 });
      expect(after.payments[0].refunds).toEqual([res.body]);
    });

    it('refunds what is left when no amount is given → refunded; more than is left → 409', async () => {
      const { order, captureId } = await paidOrder();
      expect((await refund(order.id, { amount: 1000 })).status).toBe(201);
      const tooMuch = await refund(order.id, { amount: order.total - 1000 + 1 });
      expect(tooMuch.status).toBe(409);
      expect(tooMuch.body).toMatchObject({ status: 409 });

      const rest = await refund(order.id, {});
      expect(rest.status).toBe(201);
      expect(rest.body).toMatchObject({ amount: order.total - 1000, status: 'succeeded' });
      expect(refundRequests(captureId).map((r) => r.body.amount.value)).toEqual([
        '10.00',
        ((order.total - 1000) / 100).toFixed(2),
      ]);
      const after = await storeOrder(order.id);
      expect(after.status).toBe('refunded');
      expect(after.payments[0].amountRefunded).toBe(order.total);

      expect((await refund(order.id, {})).status).toBe(409);
      expect((await refund(order.id, { amount: 1 })).status).toBe(409);
      expect(refundRequests(captureId)).toHaveLength(2);
    });

    it('refuses an amount of 0 or less → 400, without asking PayPal', async () => {
      const { order, captureId } = await paidOrder();
      for (const amount of [0, -5]) {
        const res = await refund(order.id, { amount });
        expect(res.status).toBe(400);
        expect(res.body.errors).toEqual([expect.objectContaining({ field: 'amount' })]);
      }
      expect(refundRequests(captureId)).toHaveLength(0);
      expect((await storeOrder(order.id)).status).toBe('paid');
    });

    it('refuses to refund an order never paid → 409', async () => {
      const order = await placeOrder();
      await payPalOrderFor(order);
      expect((await refund(order.id, {})).status).toBe(409);
    });

    it('replays a refund for the same Idempotency-Key without a second refund at PayPal', async () => {
      const { order, captureId } = await paidOrder();
      const key = unique('refund');
      const first = await refund(order.id, { amount: 500 }, key);
      const again = await refund(order.id, { amount: 500 }, key);
      expect(first.status).toBe(201);
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(refundRequests(captureId)).toHaveLength(1);
      expect((await storeOrder(order.id)).payments[0].amountRefunded).toBe(500);
    });

    it('a PAYMENT.CAPTURE.REFUNDED webhook for a refund already recorded changes nothing', async () => {
      const { order } = await paidOrder();
      const made = await refund(order.id, { amount: 777 });
      expect(made.status).toBe(201);
      const before = await storeOrder(order.id);
      const [{ provider_refund_id: paypalRefundId }] = await api.db.sql<{
        provider_refund_id: string;
      }>(`select provider_refund_id from refund where id = $1`, [made.body.id]);
      expect(paypalRefundId).toEqual(expect.any(String));

      const event = paypal.captureRefundedEvent(paypalRefundId);
      expect((await webhook(event)).status).toBe(200);
      const after = await storeOrder(order.id);
      expect(after.status).toBe('partially_refunded');
      expect(after.payments).toEqual(before.payments);
      expect(await count(`select count(*) as n from refund where order_id = $1`, [order.id])).toBe(
        1,
      );
    });
  });

  describe('money given back by the system', () => {
    it('cancelling a PayPal-paid order refunds it in full by a job; the order stays cancelled', async () => {
      const { order, captureId } = await paidOrder();
      const res = await cancel(order.id);
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('cancelled');

      const after = await waitFor(
        async () => {
          const o = await storeOrder(order.id);
          return o.payments[0].amountRefunded === order.total && o;
        },
        10_000,
        'the cancelled order refunded',
      );
      expect(after.status).toBe('cancelled');
      expect(after.payments[0].refunds).toEqual([
        expect.objectContaining({ amount: order.total, status: 'succeeded' }),
      ]);
      await settle();
      expect(refundRequests(captureId)).toHaveLength(1);
      expect(refundRequests(captureId)[0].body.amount).toEqual({
        currency_code: 'USD',
        value: (order.total / 100).toFixed(2),
      });
      expect((await storeOrder(order.id)).status).toBe('cancelled');
    });

    it('a PayPal capture completed (webhook) for an order cancelled before payment is refunded automatically; the order stays cancelled', async () => {
      const order = await placeOrder();
      const paypalOrderId = await payPalOrderFor(order);
      expect((await cancel(order.id)).status).toBe(200);
      // The payer finished at PayPal anyway.
      const captureId = await capturedAtPayPalOnly(paypalOrderId);
      expect((await webhook(paypal.captureCompletedEvent(captureId))).status).toBe(200);

      const after = await waitFor(
        async () => {
          const o = await storeOrder(order.id);
          return o.payments[0]?.amountRefunded === order.total && o;
        },
        10_000,
        'the late payment refunded',
      );
      expect(after.status).toBe('cancelled');
      expect(after.payments[0]).toMatchObject({ status: 'succeeded', amount: order.total });
      await settle();
      expect(refundRequests(captureId)).toHaveLength(1);
      expect(await paidTransitions(order.id)).toBe(0);
      expect((await storeOrder(order.id)).status).toBe('cancelled');
    });

    it('retries the refund of a cancelled order when PayPal fails, and refunds once', async () => {
      const { order, captureId } = await paidOrder();
      paypal.failNext(500, 2);
      expect((await cancel(order.id)).status).toBe(200);
      const after = await waitFor(
        async () => {
          const o = await storeOrder(order.id);
          return o.payments[0].amountRefunded === order.total && o;
        },
        10_000,
        'the cancelled order refunded after PayPal failed',
      );
      expect(after.status).toBe('cancelled');
      await settle();
      // Two failed attempts, then the one that took.
      expect(refundRequests(captureId)).toHaveLength(3);
      const [{ n }] = await api.db.sql<{ n: string }>(
        `select count(distinct r.provider_refund_id) as n from refund r where r.order_id = $1`,
        [order.id],
      );
      expect(Number(n)).toBe(1);
      expect(
        new Set(refundRequests(captureId).map((r) => r.headers['paypal-request-id'])).size,
      ).toBe(1);
    });
  });

  describe('configuration', () => {
    it('answers 503 naming PAYPAL_CLIENT_ID and PAYPAL_CLIENT_SECRET when they are not set', async () => {
      const bare = await startTestApi({
        env: {
          AUTH_RATE_LIMIT: '100000',
          PAYPAL_CLIENT_ID: '',
          PAYPAL_CLIENT_SECRET: '',
          PAYPAL_WEBHOOK_ID: '',
        },
      });
      try {
        const owner = await registerUser(bare);
        const shop = await createStore(bare, owner);
        const [v] = await productWithVariants(bare, shop.id, owner, [[1000, 5]]);
        const placed = await bare.http('POST', `/api/v1/catalog/${shop.slug}/orders`, {
          body: {
            items: [{ variantId: v.id, quantity: 1 }],
            email: 'a@example.com',
            shippingAddress: ADDRESS,
          },
        });
        const body = { orderId: placed.body.id, orderToken: placed.body.orderToken };
        const answers = [
          await bare.http('POST', '/api/v1/payments/paypal/orders', { body }),
          await bare.http('POST', '/api/v1/payments/paypal/orders/SOMEPAYPALORDER/capture', {
            body,
          }),
          await bare.http('POST', '/api/v1/payments/paypal/webhook', {
            raw: { body: '{}', contentType: 'application/json' },
            headers: paypal.signedHeaders({}),
          }),
        ];
        for (const res of answers) {
          expect(res.status).toBe(503);
          expect(res.headers.get('content-type')).toContain('application/problem+json');
          expect(res.body.detail).toContain('PAYPAL_CLIENT_ID');
          expect(res.body.detail).toContain('PAYPAL_CLIENT_SECRET');
        }
      } finally {
        await bare.close();
      }
    });
  });
});
