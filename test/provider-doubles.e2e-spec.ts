import Stripe from 'stripe';
import { request } from './support/http';
import { PAYPAL_DECLINED_CAPTURE, PayPalDouble, startPayPalDouble } from './support/paypal-double';
import { startStripeDouble, StripeDouble } from './support/stripe-double';

// The provider doubles are only worth their answers: each is driven here by the client the app
// uses (the official stripe SDK; fetch for PayPal's REST API), so a shape the client would
// reject, or a field where the SDK's types do not put it, fails here first.
describe('Stripe double, through the stripe SDK', () => {
  let double: StripeDouble;
  let stripe: Stripe;
  const secret = 'whsec_test_double';

  beforeAll(async () => {
    double = await startStripeDouble();
    const base = new URL(double.url);
    stripe = new Stripe('sk_test_x', {
      host: base.hostname,
      port: Number(base.port),
      protocol: 'http',
      maxNetworkRetries: 0,
      timeout: 5000,
    });
  });
  afterAll(() => double?.close());

  const sessionParams = (orderId: string): Stripe.Checkout.SessionCreateParams => ({
    mode: 'payment',
    line_items: [
      {
        price_data: { currency: 'usd', unit_amount: 1999, product_data: { name: 'Silk scarf' } },
        quantity: 2,
      },
      {
        price_data: { currency: 'usd', unit_amount: 500, product_data: { name: 'Box' } },
        quantity: 1,
      },
    ],
    client_reference_id: orderId,
    metadata: { orderId },
    payment_intent_data: { metadata: { orderId, storeId: 'store-1' }, application_fee_amount: 90 },
    success_url: 'https://shop.example/paid',
    cancel_url: 'https://shop.example/cancelled',
    customer_email: 'buyer@example.com',
  });

  it('creates, pays and refunds a checkout session on a connected account', async () => {
    const account = await stripe.accounts.create({ type: 'express', country: 'US' });
    const stripeAccount = account.id;

    const session = await stripe.checkout.sessions.create(sessionParams('order-1'), {
      stripeAccount,
      idempotencyKey: 'checkout-order-1',
    });
    expect(session).toMatchObject({
      object: 'checkout.session',
      status: 'open',
      payment_status: 'unpaid',
      amount_subtotal: 4498,
      amount_total: 4498,
      currency: 'usd',
      client_reference_id: 'order-1',
      metadata: { orderId: 'order-1' },
      customer_email: 'buyer@example.com',
      success_url: 'https://shop.example/paid',
      // Created at confirmation since API 2022-08-01, not with the session.
      payment_intent: null,
    });
    expect(session.id).toMatch(/^cs_test_/);
    expect(session.url).toMatch(/^https:\/\//);

    const sent = double.requests.find(
      (r) => r.method === 'POST' && r.path === '/v1/checkout/sessions',
    );
    expect(sent?.headers['stripe-account']).toBe(stripeAccount);
    expect(sent?.headers['idempotency-key']).toBe('checkout-order-1');
    expect(sent?.params).toMatchObject({
      line_items: [
        { price_data: { product_data: { name: 'Silk scarf' }, unit_amount: '1999' } },
        {},
      ],
      metadata: { orderId: 'order-1' },
      payment_intent_data: { metadata: { storeId: 'store-1' }, application_fee_amount: '90' },
    });

    // Scoped to the connected account: the platform and another account do not see it.
    for (const other of [undefined, (await stripe.accounts.create({ type: 'express' })).id]) {
      const err = await stripe.checkout.sessions
        .retrieve(session.id, {}, { stripeAccount: other })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
      expect(err).toMatchObject({ statusCode: 404, code: 'resource_missing' });
    }

    const { sessionCompleted, paymentIntentSucceeded } = double.pay(session.id);
    const paid = await stripe.checkout.sessions.retrieve(session.id, {}, { stripeAccount });
    expect(paid).toMatchObject({ status: 'complete', payment_status: 'paid' });
    expect(paid.payment_intent).toMatch(/^pi_/);
    expect(sessionCompleted).toMatchObject({
      object: 'event',
      type: 'checkout.session.completed',
      account: stripeAccount,
      livemode: false,
      data: { object: { id: session.id, payment_intent: paid.payment_intent } },
    });
    expect(paymentIntentSucceeded.type).toBe('payment_intent.succeeded');

    const intent = await stripe.paymentIntents.retrieve(
      paid.payment_intent as string,
      {},
      { stripeAccount },
    );
    expect(intent).toMatchObject({
      object: 'payment_intent',
      status: 'succeeded',
      amount: 4498,
      amount_received: 4498,
      currency: 'usd',
      application_fee_amount: 90,
      metadata: { orderId: 'order-1', storeId: 'store-1' },
    });
    expect(intent.latest_charge).toMatch(/^ch_/);
    const expanded = await stripe.paymentIntents.retrieve(
      intent.id,
      { expand: ['latest_charge'] },
      { stripeAccount },
    );
    expect((expanded.latest_charge as Stripe.Charge).amount_captured).toBe(4498);

    const refund = await stripe.refunds.create(
      { payment_intent: intent.id, amount: 1000, metadata: { refundId: 'r-1' } },
      { stripeAccount },
    );
    expect(refund).toMatchObject({
      object: 'refund',
      status: 'succeeded',
      amount: 1000,
      currency: 'usd',
      payment_intent: intent.id,
      charge: intent.latest_charge,
      metadata: { refundId: 'r-1' },
    });
    expect(refund.id).toMatch(/^re_/);

    const tooMuch = await stripe.refunds
      .create({ payment_intent: intent.id, amount: 4000 }, { stripeAccount })
      .catch((e: unknown) => e);
    expect(tooMuch).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(tooMuch).toMatchObject({ statusCode: 400, param: 'amount' });
    expect((tooMuch as Stripe.errors.StripeError).message).toContain(
      'greater than unrefunded amount',
    );

    const rest = await stripe.refunds.create({ payment_intent: intent.id }, { stripeAccount });
    expect(rest.amount).toBe(3498);
    const again = await stripe.refunds
      .create({ payment_intent: intent.id }, { stripeAccount })
      .catch((e: unknown) => e);
    expect(again).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(again).toMatchObject({ statusCode: 400, code: 'charge_already_refunded' });

    const refunded = double.refundedEvent(rest.id);
    expect(refunded).toMatchObject({
      type: 'charge.refunded',
      account: stripeAccount,
      data: {
        object: {
          object: 'charge',
          amount: 4498,
          amount_refunded: 4498,
          refunded: true,
          payment_intent: intent.id,
        },
        previous_attributes: { amount_refunded: 1000, refunded: false },
      },
    });

    // Signed like Stripe signs, checked by the SDK's own verifier.
    const payload = JSON.stringify(sessionCompleted);
    const verified = stripe.webhooks.constructEvent(
      payload,
      double.signedHeader(payload, secret),
      secret,
      300,
    );
    expect(verified.type).toBe('checkout.session.completed');
    if (verified.type === 'checkout.session.completed') {
      expect(verified.data.object.payment_intent).toBe(paid.payment_intent);
    }
    const stale = double.signedHeader(payload, secret, Math.floor(Date.now() / 1000) - 360);
    expect(() => stripe.webhooks.constructEvent(payload, stale, secret, 300)).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
    expect(() =>
      stripe.webhooks.constructEvent(
        payload,
        double.signedHeader(payload, 'whsec_other'),
        secret,
        300,
      ),
    ).toThrow(Stripe.errors.StripeSignatureVerificationError);
  });

  it('replays an idempotency key used with the same parameters and refuses other ones', async () => {
    const stripeAccount = double.createAccount({ charges_enabled: true, details_submitted: true });
    const params = sessionParams('order-2');
    const first = await stripe.checkout.sessions.create(params, {
      stripeAccount,
      idempotencyKey: 'k-2',
    });
    const second = await stripe.checkout.sessions.create(params, {
      stripeAccount,
      idempotencyKey: 'k-2',
    });
    expect(second.id).toBe(first.id);
    expect(second.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(first.lastResponse.headers['idempotent-replayed']).toBeUndefined();

    const other = await stripe.checkout.sessions
      .create(
        { ...params, client_reference_id: 'order-3' },
        { stripeAccount, idempotencyKey: 'k-2' },
      )
      .catch((e: unknown) => e);
    expect(other).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(other).toMatchObject({ statusCode: 400, rawType: 'idempotency_error' });
  });

  it('fails a payment, then lets the customer pay the same session', async () => {
    const stripeAccount = double.createAccount();
    const session = await stripe.checkout.sessions.create(sessionParams('order-4'), {
      stripeAccount,
    });
    const failed = double.failPayment(session.id);
    expect(failed).toMatchObject({
      type: 'payment_intent.payment_failed',
      account: stripeAccount,
      data: {
        object: {
          status: 'requires_payment_method',
          last_payment_error: { type: 'card_error', code: 'card_declined' },
        },
      },
    });
    const intent = await stripe.paymentIntents.retrieve(
      failed.data.object.id,
      {},
      { stripeAccount },
    );
    expect(intent.last_payment_error?.code).toBe('card_declined');
    expect(
      (await stripe.checkout.sessions.retrieve(session.id, {}, { stripeAccount })).status,
    ).toBe('open');

    const { paymentIntentSucceeded } = double.pay(session.id);
    expect(paymentIntentSucceeded.data.object).toMatchObject({
      id: intent.id,
      status: 'succeeded',
      last_payment_error: null,
    });
  });

  it('onboards an express account through an account link and account.updated', async () => {
    const account = await stripe.accounts.create({
      type: 'express',
      country: 'US',
      email: 'owner@shop.example',
      metadata: { storeId: 'store-9' },
      capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
    });
    expect(account).toMatchObject({
      object: 'account',
      type: 'express',
      charges_enabled: false,
      payouts_enabled: false,
      details_submitted: false,
      email: 'owner@shop.example',
      metadata: { storeId: 'store-9' },
      capabilities: { card_payments: 'inactive', transfers: 'inactive' },
    });
    expect(account.id).toMatch(/^acct_/);
    expect(account.requirements?.currently_due?.length).toBeGreaterThan(0);

    const link = await stripe.accountLinks.create({
      account: account.id,
      refresh_url: 'https://shop.example/onboarding/refresh',
      return_url: 'https://shop.example/onboarding/done',
      type: 'account_onboarding',
    });
    expect(link.object).toBe('account_link');
    expect(link.url).toMatch(/^https:\/\//);
    expect(link.expires_at).toBeGreaterThan(link.created);

    const updated = double.accountUpdated(account.id, {
      charges_enabled: true,
      payouts_enabled: true,
      details_submitted: true,
    });
    expect(updated).toMatchObject({
      type: 'account.updated',
      account: account.id,
      data: {
        object: { id: account.id, charges_enabled: true, payouts_enabled: true },
        previous_attributes: { charges_enabled: false },
      },
    });
    const now = await stripe.accounts.retrieve(account.id);
    expect(now).toMatchObject({
      charges_enabled: true,
      payouts_enabled: true,
      details_submitted: true,
    });
    expect(now.requirements?.currently_due).toEqual([]);

    const stranger = await stripe.accounts
      .retrieve('acct_1NoSuchAccount00')
      .catch((e: unknown) => e);
    expect(stranger).toBeInstanceOf(Stripe.errors.StripePermissionError);
  });

  it('answers like Stripe to bad keys, unknown parameters, fees without an account and outages', async () => {
    const base = new URL(double.url);
    const anonymous = new Stripe('not_a_key', {
      host: base.hostname,
      port: Number(base.port),
      protocol: 'http',
      maxNetworkRetries: 0,
    });
    await expect(anonymous.accounts.create({ type: 'express' })).rejects.toBeInstanceOf(
      Stripe.errors.StripeAuthenticationError,
    );

    const stripeAccount = double.createAccount();
    const typo = {
      ...sessionParams('order-5'),
      // (an empty object would send nothing: the SDK encodes no pair for it)
      paymnet_intent_data: { metadata: { storeId: 'store-1' } },
    } as Stripe.Checkout.SessionCreateParams;
    await expect(stripe.checkout.sessions.create(typo, { stripeAccount })).rejects.toMatchObject({
      statusCode: 400,
      code: 'parameter_unknown',
      param: 'paymnet_intent_data',
    });
    await expect(stripe.checkout.sessions.create(sessionParams('order-6'))).rejects.toMatchObject({
      statusCode: 400,
      param: 'payment_intent_data[application_fee_amount]',
    });
    await expect(
      stripe.checkout.sessions.create(sessionParams('order-7'), { stripeAccount: 'acct_1Unknown' }),
    ).rejects.toBeInstanceOf(Stripe.errors.StripePermissionError);

    double.failNext(500);
    const outage = await stripe.checkout.sessions
      .create(sessionParams('order-8'), { stripeAccount, idempotencyKey: 'k-8' })
      .catch((e: unknown) => e);
    expect(outage).toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect(outage).toMatchObject({ statusCode: 500 });
    const retried = await stripe.checkout.sessions.create(sessionParams('order-8'), {
      stripeAccount,
      idempotencyKey: 'k-8',
    });
    expect(retried.status).toBe('open');
  });
});

describe('PayPal double, through its REST API', () => {
  let paypal: PayPalDouble;
  let token: string;

  beforeAll(async () => {
    paypal = await startPayPalDouble({
      clientId: 'client-1',
      clientSecret: 'secret-1',
      webhookId: 'WH1234567890',
    });
  });
  afterAll(() => paypal?.close());

  const api = (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => request(`${paypal.url}${path}`, method, { body, token, headers });
  const basic = (id: string, secret: string) =>
    `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
  const orderBody = (value: string, currency = 'USD', extra: object = {}) => ({
    intent: 'CAPTURE',
    purchase_units: [
      {
        reference_id: 'order-1',
        custom_id: 'store-1:order-1',
        amount: { currency_code: currency, value },
      },
    ],
    application_context: {
      return_url: 'https://shop.example/paypal/return',
      cancel_url: 'https://shop.example/paypal/cancel',
    },
    ...extra,
  });
  const issue = (body: any) => body.details?.[0]?.issue;

  it('issues an access token for the client credentials only', async () => {
    const form = {
      body: 'grant_type=client_credentials',
      contentType: 'application/x-www-form-urlencoded',
    };
    const wrong = await request(`${paypal.url}/v1/oauth2/token`, 'POST', {
      raw: form,
      headers: { authorization: basic('client-1', 'nope') },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ error: 'invalid_client' });

    const ok = await request(`${paypal.url}/v1/oauth2/token`, 'POST', {
      raw: form,
      headers: { authorization: basic('client-1', 'secret-1') },
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ token_type: 'Bearer', expires_in: 32400 });
    expect(ok.body.access_token).toEqual(expect.any(String));
    expect(ok.body).toEqual(
      expect.objectContaining({
        scope: expect.any(String),
        app_id: expect.any(String),
        nonce: expect.any(String),
      }),
    );
    token = ok.body.access_token;

    const anonymous = await request(`${paypal.url}/v2/checkout/orders`, 'POST', {
      body: orderBody('19.99'),
    });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject({
      name: 'AUTHENTICATION_FAILURE',
      debug_id: expect.any(String),
    });
  });

  it('validates amounts as PayPal does', async () => {
    const cases: Array<[string, string, number, string]> = [
      ['19.999', 'USD', 422, 'DECIMAL_PRECISION'],
      ['100.50', 'JPY', 422, 'DECIMALS_NOT_SUPPORTED'],
      ['0.00', 'USD', 422, 'CANNOT_BE_ZERO_OR_NEGATIVE'],
      ['19,99', 'USD', 400, 'INVALID_PARAMETER_SYNTAX'],
    ];
    for (const [value, currency, status, expected] of cases) {
      const res = await api('POST', '/v2/checkout/orders', orderBody(value, currency));
      expect([value, res.status, issue(res.body)]).toEqual([value, status, expected]);
    }
    const raw = await request(`${paypal.url}/v2/checkout/orders`, 'POST', {
      token,
      raw: { body: JSON.stringify(orderBody('1.00')), contentType: 'text/plain' },
    });
    expect(raw.status).toBe(415);
  });

  it('creates, approves, captures and refunds an order', async () => {
    const created = await api('POST', '/v2/checkout/orders', orderBody('19.99'), {
      'paypal-request-id': 'create-1',
    });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('CREATED');
    expect(created.body.links.map((l: any) => l.rel)).toEqual([
      'self',
      'approve',
      'update',
      'capture',
    ]);
    const orderId: string = created.body.id;
    const replayed = await api('POST', '/v2/checkout/orders', orderBody('19.99'), {
      'paypal-request-id': 'create-1',
    });
    expect(replayed.status).toBe(200);
    expect(replayed.body.id).toBe(orderId);

    const early = await api('POST', `/v2/checkout/orders/${orderId}/capture`, {});
    expect(early.status).toBe(422);
    expect(early.body).toMatchObject({
      name: 'UNPROCESSABLE_ENTITY',
      details: [{ issue: 'ORDER_NOT_APPROVED' }],
    });

    // The payer follows the approve link and comes back to the shop.
    const approveHref = created.body.links.find((l: any) => l.rel === 'approve').href;
    const back = await fetch(approveHref, { redirect: 'manual' });
    expect(back.status).toBe(302);
    const returned = new URL(back.headers.get('location')!);
    expect(returned.origin + returned.pathname).toBe('https://shop.example/paypal/return');
    expect(returned.searchParams.get('token')).toBe(orderId);
    expect(returned.searchParams.get('PayerID')).toEqual(expect.any(String));

    paypal.declineNext();
    const declined = await api(
      'POST',
      `/v2/checkout/orders/${orderId}/capture`,
      {},
      { 'paypal-request-id': 'capture-1' },
    );
    expect(declined.status).toBe(PAYPAL_DECLINED_CAPTURE.status);
    expect(declined.body).toMatchObject({
      name: PAYPAL_DECLINED_CAPTURE.name,
      details: [{ issue: PAYPAL_DECLINED_CAPTURE.issue }],
    });
    expect(declined.body.links.map((l: any) => l.rel)).toContain('redirect');

    const captured = await api(
      'POST',
      `/v2/checkout/orders/${orderId}/capture`,
      {},
      { 'paypal-request-id': 'capture-1' },
    );
    expect(captured.status).toBe(201);
    expect(captured.body).toMatchObject({
      id: orderId,
      status: 'COMPLETED',
      payer: { email_address: expect.any(String), payer_id: expect.any(String) },
      purchase_units: [
        {
          reference_id: 'order-1',
          payments: {
            captures: [
              {
                status: 'COMPLETED',
                amount: { currency_code: 'USD', value: '19.99' },
                custom_id: 'store-1:order-1',
                final_capture: true,
                create_time: expect.any(String),
              },
            ],
          },
        },
      ],
    });
    const captureId: string = captured.body.purchase_units[0].payments.captures[0].id;
    const again = await api(
      'POST',
      `/v2/checkout/orders/${orderId}/capture`,
      {},
      { 'paypal-request-id': 'capture-1' },
    );
    expect([again.status, again.body.purchase_units[0].payments.captures[0].id]).toEqual([
      200,
      captureId,
    ]);
    const twice = await api('POST', `/v2/checkout/orders/${orderId}/capture`, {});
    expect([twice.status, issue(twice.body)]).toEqual([422, 'ORDER_ALREADY_CAPTURED']);
    expect((await api('GET', `/v2/checkout/orders/${orderId}`)).body.status).toBe('COMPLETED');

    const partial = await api(
      'POST',
      `/v2/payments/captures/${captureId}/refund`,
      { amount: { value: '5.00', currency_code: 'USD' } },
      { 'paypal-request-id': 'refund-1', prefer: 'return=representation' },
    );
    expect(partial.status).toBe(201);
    expect(partial.body).toMatchObject({
      status: 'COMPLETED',
      amount: { value: '5.00', currency_code: 'USD' },
    });
    expect(partial.body.links.find((l: any) => l.rel === 'up').href).toMatch(
      new RegExp(`/v2/payments/captures/${captureId}$`),
    );
    const exceeded = await api('POST', `/v2/payments/captures/${captureId}/refund`, {
      amount: { value: '15.00', currency_code: 'USD' },
    });
    expect([exceeded.status, issue(exceeded.body)]).toEqual([422, 'REFUND_AMOUNT_EXCEEDED']);
    const rest = await api('POST', `/v2/payments/captures/${captureId}/refund`, {});
    expect(rest.status).toBe(201);
    expect(Object.keys(rest.body).sort()).toEqual(['id', 'links', 'status']);
    const capture = await api('GET', `/v2/payments/captures/${captureId}`);
    expect(capture.body.status).toBe('REFUNDED');
    const none = await api('POST', `/v2/payments/captures/${captureId}/refund`, {});
    expect([none.status, issue(none.body)]).toEqual([422, 'CAPTURE_FULLY_REFUNDED']);

    const refundedEvent = paypal.captureRefundedEvent(rest.body.id);
    expect(refundedEvent).toMatchObject({
      event_type: 'PAYMENT.CAPTURE.REFUNDED',
      resource_type: 'refund',
      resource: { id: rest.body.id, status: 'COMPLETED', amount: { value: '14.99' } },
    });

    // Webhooks: verified by PayPal's verify endpoint, as the app does it.
    const event = paypal.captureCompletedEvent(captureId);
    expect(event).toMatchObject({
      id: expect.stringMatching(/^WH-/),
      event_version: '1.0',
      event_type: 'PAYMENT.CAPTURE.COMPLETED',
      resource_type: 'capture',
      resource: {
        id: captureId,
        custom_id: 'store-1:order-1',
        supplementary_data: { related_ids: { order_id: orderId } },
      },
    });
    const verify = (headers: Record<string, string>, body: string, webhookId = paypal.webhookId) =>
      api('POST', '/v1/notifications/verify-webhook-signature', {
        auth_algo: headers['paypal-auth-algo'],
        cert_url: headers['paypal-cert-url'],
        transmission_id: headers['paypal-transmission-id'],
        transmission_sig: headers['paypal-transmission-sig'],
        transmission_time: headers['paypal-transmission-time'],
        webhook_id: webhookId,
        webhook_event: JSON.parse(body),
      });
    const headers = paypal.signedHeaders(event);
    const body = JSON.stringify(event);
    expect((await verify(headers, body)).body).toEqual({ verification_status: 'SUCCESS' });
    const tampered = body.replace('"19.99"', '"0.01"');
    expect(tampered).not.toBe(body);
    expect((await verify(headers, tampered)).body).toEqual({ verification_status: 'FAILURE' });
    expect((await verify(headers, body, 'WHOTHER')).body).toEqual({
      verification_status: 'FAILURE',
    });
  });

  it('creates an order with a payment source as PAYER_ACTION_REQUIRED, and can decline its capture', async () => {
    const created = await api('POST', '/v2/checkout/orders', {
      intent: 'CAPTURE',
      purchase_units: [
        { custom_id: 'store-1:order-2', amount: { currency_code: 'EUR', value: '42.50' } },
      ],
      payment_source: {
        paypal: {
          experience_context: {
            return_url: 'https://shop.example/r',
            cancel_url: 'https://shop.example/c',
          },
        },
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('PAYER_ACTION_REQUIRED');
    expect(created.body.links.map((l: any) => l.rel)).toEqual(['self', 'payer-action']);

    paypal.approve(created.body.id);
    paypal.declineNext('capture');
    const captured = await api('POST', `/v2/checkout/orders/${created.body.id}/capture`, {});
    expect(captured.status).toBe(201);
    expect(captured.body.status).toBe('COMPLETED');
    const capture = captured.body.purchase_units[0].payments.captures[0];
    expect(capture.status).toBe('DECLINED');
    expect(paypal.captureDeniedEvent(capture.id)).toMatchObject({
      event_type: 'PAYMENT.CAPTURE.DENIED',
      resource: { status: 'DECLINED' },
    });
  });

  it('answers outages and expired tokens in PayPal shapes', async () => {
    paypal.failNext(500);
    const outage = await api('GET', '/v2/checkout/orders/NOPE');
    expect(outage.status).toBe(500);
    expect(outage.body).toMatchObject({
      name: 'INTERNAL_SERVER_ERROR',
      debug_id: expect.any(String),
    });
    const missing = await api('GET', '/v2/checkout/orders/NOPE');
    expect([missing.status, missing.body.name, issue(missing.body)]).toEqual([
      404,
      'RESOURCE_NOT_FOUND',
      'INVALID_RESOURCE_ID',
    ]);

    paypal.expireTokens();
    const stale = await api('GET', '/v2/checkout/orders/NOPE');
    expect(stale.status).toBe(401);
    expect(stale.body).toMatchObject({ error: 'invalid_token' });
  });
});
