import {
  createStore,
  placeOrder,
  productWithVariants,
  registerUser,
  sentMail,
  TestUser,
} from './support/fixtures';
import { waitFor } from './support/http';
import {
  PaymentDoubles,
  startPaymentDoubles,
  STRIPE_CONNECT_WEBHOOK_SECRET,
  STRIPE_WEBHOOK_SECRET,
} from './support/payment-doubles';
import type { StripeEvent } from './support/stripe-double';
import { startTestApi, TestApi } from './support/test-api';

// Stripe through the real SDK against a local double: Checkout Sessions, signed webhooks
// applied once, refunds, cancellation refunds, Stripe Connect.
describe('payments with Stripe (HTTP)', () => {
  let doubles: PaymentDoubles;
  let api: TestApi;
  let admin: TestUser;
  let store: { id: string; slug: string };
  let variantId: string;

  const placed = async (quantity = 1) => {
    const res = await placeOrder(api, store.slug, [{ variantId, quantity }]);
    expect(res.status).toBe(201);
    return res.body as { id: string; orderToken: string; total: number; email: string };
  };
  const session = (
    order: { id: string; orderToken: string },
    headers?: Record<string, string>,
    extra: object = {},
  ) =>
    api.http('POST', '/api/v1/payments/stripe/session', {
      body: { orderId: order.id, orderToken: order.orderToken, ...extra },
      headers,
    });
  const sessionOf = async (order: { id: string; orderToken: string }) => {
    const res = await session(order);
    expect(res.status).toBe(201);
    return res.body.sessionId as string;
  };
  const deliver = (event: StripeEvent, options: { secret?: string; age?: number } = {}) => {
    const payload = JSON.stringify(event);
    const timestamp = Math.floor(Date.now() / 1000) - (options.age ?? 0);
    const signature = doubles.stripe.signedHeader(
      payload,
      options.secret ?? STRIPE_WEBHOOK_SECRET,
      timestamp,
    );
    return api.http('POST', '/api/v1/payments/stripe/webhook', {
      raw: { body: payload, contentType: 'application/json; charset=utf-8' },
      headers: { 'stripe-signature': signature },
    });
  };
  const order = async (id: string) =>
    (await api.http('GET', `/api/v1/stores/${store.id}/orders/${id}`, { token: admin.token })).body;
  const paidOrder = async () => {
    const o = await placed();
    const sessionId = await sessionOf(o);
    const events = doubles.stripe.pay(sessionId);
    expect((await deliver(events.sessionCompleted)).status).toBe(200);
    return { ...o, sessionId, events };
  };
  const refund = (orderId: string, body: object = {}, key?: string) =>
    api.http('POST', `/api/v1/stores/${store.id}/orders/${orderId}/refunds`, {
      token: admin.token,
      body,
      headers: key ? { 'idempotency-key': key } : undefined,
    });
  const count = async (sql: string, params: unknown[]) =>
    (await api.db.sql<{ n: number }>(`select count(*)::int as n ${sql}`, params))[0].n;
  const paidDeliveries = (orderId: string) =>
    count(
      `from outbox_message where type = 'notifications.send-payment-received' and payload->'data'->>'orderId' = $1`,
      [orderId],
    );
  const stripeRequests = (path: string) =>
    doubles.stripe.requests.filter((r) => r.method === 'POST' && r.path === path);

  beforeAll(async () => {
    doubles = await startPaymentDoubles({ PLATFORM_FEE_PERCENT: '2.5' });
    api = await startTestApi({ env: { ...doubles.env, JOB_BACKOFF_MS: '50' } });
    admin = await registerUser(api, 'Stripe Admin');
    store = await createStore(api, admin, 'USD');
    await api.http('PATCH', `/api/v1/stores/${store.id}`, {
      token: admin.token,
      body: {
        settings: { shipping: { flatRate: 700 }, tax: { rates: [{ country: 'FR', rate: 0.2 }] } },
      },
    });
    [{ id: variantId }] = await productWithVariants(api, store.id, admin, [[1999, 1000]]);
  });
  afterAll(async () => {
    await api?.close();
    await doubles?.close();
  });

  describe('POST /payments/stripe/session', () => {
    it('makes a Checkout Session from the order as it is, with its ids in the metadata', async () => {
      const o = await placed(2);
      const res = await session(o);
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        sessionId: expect.stringMatching(/^cs_/),
        url: expect.stringMatching(/^https?:\/\//),
      });
      const [sent] = stripeRequests('/v1/checkout/sessions').slice(-1);
      expect(sent.params).toMatchObject({
        mode: 'payment',
        client_reference_id: o.id,
        customer_email: o.email,
        metadata: { orderId: o.id, storeId: store.id },
        payment_intent_data: { metadata: { orderId: o.id, storeId: store.id } },
        success_url: expect.stringContaining(`/api/v1/catalog/${store.slug}/checkout/success`),
        cancel_url: expect.stringContaining(`/api/v1/catalog/${store.slug}/checkout/cancel`),
      });
      const lines = sent.params.line_items as Array<{
        quantity: string;
        price_data: { currency: string; unit_amount: string; product_data: { name: string } };
      }>;
      expect(lines[0]).toMatchObject({
        quantity: '2',
        price_data: { currency: 'usd', unit_amount: '1999' },
      });
      // Items, shipping and tax add up to the order's total, to the minor unit.
      const sum = lines.reduce(
        (s, l) => s + Number(l.price_data.unit_amount) * Number(l.quantity),
        0,
      );
      expect(sum).toBe(o.total);
      expect(lines.map((l) => l.price_data.product_data.name)).toContain('Shipping');
      // Not on a connected account: no fee, no Stripe-Account.
      expect(sent.headers['stripe-account']).toBeUndefined();
      expect((await order(o.id)).payments).toEqual([
        expect.objectContaining({ provider: 'stripe', status: 'pending', amount: o.total }),
      ]);
    });

    it('takes the caller’s return pages, and they are served', async () => {
      const o = await placed();
      const res = await session(o, undefined, {
        successUrl: 'https://shop.example.com/thanks',
        cancelUrl: 'https://shop.example.com/cart',
      });
      expect(res.status).toBe(201);
      const [sent] = stripeRequests('/v1/checkout/sessions').slice(-1);
      expect(sent.params).toMatchObject({
        success_url: 'https://shop.example.com/thanks',
        cancel_url: 'https://shop.example.com/cart',
      });
      for (const page of ['success', 'cancel']) {
        const html = await api.http('GET', `/api/v1/catalog/${store.slug}/checkout/${page}`);
        expect(html.status).toBe(200);
        expect(html.headers.get('content-type')).toMatch(/^text\/html/);
        expect(html.text).toContain('<!doctype html>');
      }
      expect((await api.http('GET', '/api/v1/catalog/no-such-store/checkout/success')).status).toBe(
        404,
      );
    });

    it('answers 404 for an unknown order or a wrong token, 409 for an order not payable', async () => {
      const o = await placed();
      expect((await session({ ...o, orderToken: 'wrong' })).status).toBe(404);
      expect(
        (await session({ id: '00000000-0000-4000-8000-000000000000', orderToken: o.orderToken }))
          .status,
      ).toBe(404);
      await api.http('POST', `/api/v1/stores/${store.id}/orders/${o.id}/cancel`, {
        token: admin.token,
        body: {},
      });
      const res = await session(o);
      expect(res.status).toBe(409);
      expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    });

    it('replays a retry with the same Idempotency-Key, and makes no second session at Stripe', async () => {
      const o = await placed();
      const before = stripeRequests('/v1/checkout/sessions').length;
      const first = await session(o, { 'idempotency-key': `s-${o.id}` });
      const again = await session(o, { 'idempotency-key': `s-${o.id}` });
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      const sent = stripeRequests('/v1/checkout/sessions').slice(before);
      expect(sent).toHaveLength(1);
      expect(sent[0].headers['idempotency-key']).toMatch(/^silkcart-[0-9a-f]{40}$/);
      const other = await session(
        o,
        { 'idempotency-key': `s-${o.id}` },
        {
          cancelUrl: 'https://elsewhere.example.com/',
        },
      );
      expect(other.status).toBe(422);
    });

    it('answers 502 when Stripe fails, and records no payment', async () => {
      const o = await placed();
      doubles.stripe.failNext(500, 3);
      const res = await session(o);
      expect(res.status).toBe(502);
      expect(res.body.type).toMatch(/provider-failed$/);
      expect((await order(o.id)).payments).toEqual([]);
    });
  });

  describe('POST /payments/stripe/webhook', () => {
    it('marks the order paid once, whichever of the session and intent events comes first', async () => {
      const o = await placed();
      const sessionId = await sessionOf(o);
      const events = doubles.stripe.pay(sessionId);
      expect((await deliver(events.paymentIntentSucceeded)).status).toBe(200);
      expect((await deliver(events.sessionCompleted)).status).toBe(200);
      const paid = await order(o.id);
      expect(paid).toMatchObject({ status: 'paid', paidAt: expect.any(String) });
      expect(paid.payments).toEqual([
        expect.objectContaining({
          status: 'succeeded',
          amount: o.total,
          amountRefunded: 0,
          providerPaymentId: events.paymentIntentSucceeded.data.object.id,
        }),
      ]);
      expect(await paidDeliveries(o.id)).toBe(1);
      await waitFor(
        async () => sentMail(api, o.email).some((m) => m.template === 'payment-received'),
        10_000,
      );
    });

    it('refuses forged, missing and 6-minute-old signatures, with no effect', async () => {
      const o = await placed();
      const { sessionCompleted } = doubles.stripe.pay(await sessionOf(o));
      expect((await deliver(sessionCompleted, { secret: 'whsec_forged' })).status).toBe(400);
      expect((await deliver(sessionCompleted, { age: 360 })).status).toBe(400);
      const unsigned = await api.http('POST', '/api/v1/payments/stripe/webhook', {
        raw: { body: JSON.stringify(sessionCompleted), contentType: 'application/json' },
      });
      expect(unsigned.status).toBe(400);
      expect(unsigned.headers.get('content-type')).toMatch(/problem\+json/);
      // A body changed after signing does not verify either.
      const payload = JSON.stringify(sessionCompleted);
      const tampered = await api.http('POST', '/api/v1/payments/stripe/webhook', {
        raw: {
          body: payload.replace(o.id, o.id.replace(/.$/, o.id.endsWith('0') ? '1' : '0')),
          contentType: 'application/json',
        },
        headers: {
          'stripe-signature': doubles.stripe.signedHeader(payload, STRIPE_WEBHOOK_SECRET),
        },
      });
      expect(tampered.status).toBe(400);
      expect((await order(o.id)).status).toBe('pending_payment');
      expect(await count(`from payment_inbox where event_id = $1`, [sessionCompleted.id])).toBe(0);
    });

    it('applies each kind of event once when it comes 10 times at once', async () => {
      const o = await placed();
      const sessionId = await sessionOf(o);
      const failed = doubles.stripe.failPayment(sessionId);
      const failures = await Promise.all(Array.from({ length: 10 }, () => deliver(failed)));
      expect(failures.map((r) => r.status)).toEqual(Array(10).fill(200));
      expect(
        await count(`from outbox_message where type = $1 and payload->'data'->>'orderId' = $2`, [
          'payments.refund-cancelled-order',
          o.id,
        ]),
      ).toBe(0);
      expect((await order(o.id)).status).toBe('pending_payment');

      const { sessionCompleted } = doubles.stripe.pay(sessionId);
      const paid = await Promise.all(Array.from({ length: 10 }, () => deliver(sessionCompleted)));
      expect(paid.map((r) => r.status)).toEqual(Array(10).fill(200));
      expect(await paidDeliveries(o.id)).toBe(1);

      const r = await refund(o.id, { amount: 500 });
      expect(r.status).toBe(201);
      const [{ provider_refund_id: stripeRefund }] = await api.db.sql<{
        provider_refund_id: string;
      }>(`select provider_refund_id from refund where id = $1`, [r.body.id]);
      const refunded = doubles.stripe.refundedEvent(stripeRefund);
      const replays = await Promise.all(Array.from({ length: 10 }, () => deliver(refunded)));
      expect(replays.map((x) => x.status)).toEqual(Array(10).fill(200));
      const after = await order(o.id);
      expect(after.status).toBe('partially_refunded');
      expect(after.payments[0]).toMatchObject({ amountRefunded: 500 });
      expect(after.payments[0].refunds).toHaveLength(1);
      for (const id of [failed.id, sessionCompleted.id, refunded.id]) {
        expect(await count(`from payment_inbox where event_id = $1`, [id])).toBe(1);
      }
    });

    it('applies the same event once when two api processes receive it at the same moment', async () => {
      const replica = await startTestApi({ replicaOf: api, env: { ...doubles.env } });
      try {
        const o = await placed();
        const { sessionCompleted } = doubles.stripe.pay(await sessionOf(o));
        const payload = JSON.stringify(sessionCompleted);
        const send = (target: TestApi) =>
          target.http('POST', '/api/v1/payments/stripe/webhook', {
            raw: { body: payload, contentType: 'application/json' },
            headers: {
              'stripe-signature': doubles.stripe.signedHeader(payload, STRIPE_WEBHOOK_SECRET),
            },
          });
        const answers = await Promise.all([send(api), send(replica), send(api), send(replica)]);
        expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
        expect(answers.filter((a) => a.body.outcome === 'applied')).toHaveLength(1);
        expect(await paidDeliveries(o.id)).toBe(1);
      } finally {
        await replica.close();
      }
    });

    it('keeps a failed payment’s order payable, and a late failure never un-pays', async () => {
      const o = await placed();
      const sessionId = await sessionOf(o);
      const failed = doubles.stripe.failPayment(sessionId);
      await deliver(failed);
      const afterFailure = await order(o.id);
      expect(afterFailure.status).toBe('pending_payment');
      expect(afterFailure.payments[0].status).toBe('failed');
      const { sessionCompleted } = doubles.stripe.pay(sessionId);
      await deliver(sessionCompleted);
      // The failure again, late, under another event id.
      await deliver({ ...failed, id: `${failed.id}_late` });
      const final = await order(o.id);
      expect(final.status).toBe('paid');
      expect(final.payments[0].status).toBe('succeeded');
    });

    it('answers 200 to event types it does not act on', async () => {
      const res = await deliver({
        id: 'evt_unknown_type',
        object: 'event',
        api_version: '2026-10-28',
        created: Math.floor(Date.now() / 1000),
        data: { object: { id: 'prod_1', object: 'product' } },
        livemode: false,
        pending_webhooks: 1,
        request: { id: null, idempotency_key: null },
        type: 'product.created',
      });
      expect(res.status).toBe(200);
    });

    it('refunds a payment that comes for a cancelled order, and the order stays cancelled', async () => {
      const o = await placed();
      const sessionId = await sessionOf(o);
      await api.http('POST', `/api/v1/stores/${store.id}/orders/${o.id}/cancel`, {
        token: admin.token,
        body: {},
      });
      const { sessionCompleted } = doubles.stripe.pay(sessionId);
      expect((await deliver(sessionCompleted)).status).toBe(200);
      const settled = await waitFor(async () => {
        const current = await order(o.id);
        return current.payments[0]?.amountRefunded === o.total ? current : null;
      }, 10_000);
      expect(settled.status).toBe('cancelled');
      expect(settled.payments[0].refunds).toEqual([
        expect.objectContaining({ amount: o.total, status: 'succeeded' }),
      ]);
      const sent = stripeRequests('/v1/refunds').filter(
        (r) => r.params.payment_intent === sessionCompleted.data.object.payment_intent,
      );
      expect(sent).toHaveLength(1);
      expect(sent[0].params.amount).toBe(String(o.total));
    });
  });

  describe('refunds', () => {
    it('refunds part, then the rest, to the minor unit: partially_refunded, then refunded', async () => {
      const o = await paidOrder();
      const first = await refund(o.id, { amount: 1001 }, `r1-${o.id}`);
      expect(first.status).toBe(201);
      expect(first.body).toEqual({
        id: expect.any(String),
        amount: 1001,
        status: 'succeeded',
        createdAt: expect.any(String),
      });
      expect((await order(o.id)).status).toBe('partially_refunded');
      const replay = await refund(o.id, { amount: 1001 }, `r1-${o.id}`);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(replay.body.id).toBe(first.body.id);

      expect((await refund(o.id, { amount: o.total })).status).toBe(409);
      const rest = await refund(o.id);
      expect(rest.status).toBe(201);
      expect(rest.body.amount).toBe(o.total - 1001);
      const done = await order(o.id);
      expect(done.status).toBe('refunded');
      expect(done.payments[0]).toMatchObject({ amount: o.total, amountRefunded: o.total });
      expect(done.payments[0].refunds.map((r: { amount: number }) => r.amount)).toEqual([
        1001,
        o.total - 1001,
      ]);
      const sent = stripeRequests('/v1/refunds').filter(
        (r) => r.params.payment_intent === o.events.paymentIntentSucceeded.data.object.id,
      );
      expect(sent.map((r) => r.params.amount)).toEqual(['1001', String(o.total - 1001)]);
      expect((await refund(o.id)).status).toBe(409);
    });

    it('settles a refund Stripe answers pending when charge.refund.updated comes, once', async () => {
      const o = await paidOrder();
      doubles.stripe.pendingRefundsNext(2);
      const first = await refund(o.id, { amount: 700 });
      expect(first.status).toBe(201);
      expect(first.body.status).toBe('pending');
      expect((await order(o.id)).status).toBe('paid');
      const providerId = async (id: string) =>
        (
          await api.db.sql<{ provider_refund_id: string }>(
            `select provider_refund_id from refund where id = $1`,
            [id],
          )
        )[0].provider_refund_id;
      const settled = doubles.stripe.refundUpdatedEvent(
        await providerId(first.body.id),
        'succeeded',
      );
      const answers = await Promise.all([deliver(settled), deliver(settled), deliver(settled)]);
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
      const after = await order(o.id);
      expect(after.status).toBe('partially_refunded');
      expect(after.payments[0]).toMatchObject({ amountRefunded: 700 });
      expect(after.payments[0].refunds[0]).toMatchObject({ amount: 700, status: 'succeeded' });

      // A pending refund that fails gives its amount back to what may still be refunded.
      const second = await refund(o.id, { amount: o.total - 700 });
      expect(second.body.status).toBe('pending');
      expect((await refund(o.id, { amount: 1 })).status).toBe(409);
      await deliver(doubles.stripe.refundUpdatedEvent(await providerId(second.body.id), 'failed'));
      const failed = await order(o.id);
      expect(failed.status).toBe('partially_refunded');
      expect(failed.payments[0].refunds.map((r: { status: string }) => r.status)).toEqual([
        'succeeded',
        'failed',
      ]);
      expect((await refund(o.id)).status).toBe(201);
      expect((await order(o.id)).status).toBe('refunded');
    });

    it('refuses 0 or a negative amount (400) and an order never paid (409)', async () => {
      const o = await paidOrder();
      expect((await refund(o.id, { amount: 0 })).status).toBe(400);
      expect((await refund(o.id, { amount: -5 })).status).toBe(400);
      const unpaid = await placed();
      expect((await refund(unpaid.id)).status).toBe(409);
    });

    it('lets only Managers and StoreAdmins refund', async () => {
      const o = await paidOrder();
      const staff = await registerUser(api, 'Refund Staff');
      await api.http('POST', `/api/v1/stores/${store.id}/members`, {
        token: admin.token,
        body: { email: staff.email, role: 'Staff' },
      });
      const res = await api.http('POST', `/api/v1/stores/${store.id}/orders/${o.id}/refunds`, {
        token: staff.token,
        body: {},
      });
      expect(res.status).toBe(403);
    });

    it('refunds a cancelled paid order in full, once', async () => {
      const o = await paidOrder();
      const res = await api.http('POST', `/api/v1/stores/${store.id}/orders/${o.id}/cancel`, {
        token: admin.token,
        body: { reason: 'customer asked' },
      });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('cancelled');
      const settled = await waitFor(async () => {
        const current = await order(o.id);
        return current.payments[0].amountRefunded === o.total ? current : null;
      }, 10_000);
      expect(settled.status).toBe('cancelled');
      const intent = o.events.paymentIntentSucceeded.data.object.id;
      const sent = stripeRequests('/v1/refunds').filter((r) => r.params.payment_intent === intent);
      expect(sent).toHaveLength(1);
      expect(sent[0].params.amount).toBe(String(o.total));
    });
  });

  describe('Stripe Connect', () => {
    it('onboards the store once, reads its status, keeps it from account.updated', async () => {
      const connect = (body: object = {}) =>
        api.http('POST', `/api/v1/stores/${store.id}/payments/stripe/connect`, {
          token: admin.token,
          body,
        });
      expect(
        (
          await api.http('GET', `/api/v1/stores/${store.id}/payments/stripe/connect`, {
            token: admin.token,
          })
        ).status,
      ).toBe(404);
      const first = await connect({ returnUrl: 'https://dash.example.com/done' });
      expect(first.status).toBe(201);
      expect(first.body).toEqual({
        accountId: expect.stringMatching(/^acct_/),
        onboardingUrl: expect.stringMatching(/^https?:\/\//),
      });
      const second = await connect();
      expect(second.body.accountId).toBe(first.body.accountId);
      expect(stripeRequests('/v1/accounts')).toHaveLength(1);

      const updated = doubles.stripe.accountUpdated(first.body.accountId, {
        charges_enabled: true,
        payouts_enabled: true,
        details_submitted: true,
      });
      expect((await deliver(updated, { secret: STRIPE_CONNECT_WEBHOOK_SECRET })).status).toBe(200);
      const rows = await api.db.sql(`select * from stripe_account where store_id = $1`, [store.id]);
      expect(rows[0]).toMatchObject({ charges_enabled: true, details_submitted: true });
      const status = await api.http('GET', `/api/v1/stores/${store.id}/payments/stripe/connect`, {
        token: admin.token,
      });
      expect(status.body).toEqual({
        accountId: first.body.accountId,
        chargesEnabled: true,
        payoutsEnabled: true,
        detailsSubmitted: true,
      });
    });

    it('makes sessions and refunds on the connected account, with the platform fee', async () => {
      // The store connected in the test above.
      const [{ account_id: account }] = await api.db.sql<{ account_id: string }>(
        `select account_id from stripe_account where store_id = $1`,
        [store.id],
      );
      const o = await placed();
      const sessionId = await sessionOf(o);
      const [sent] = stripeRequests('/v1/checkout/sessions').slice(-1);
      expect(sent.headers['stripe-account']).toBe(account);
      expect(sent.params.payment_intent_data).toMatchObject({
        application_fee_amount: String(Math.round((o.total * 2.5) / 100)),
      });
      const { sessionCompleted } = doubles.stripe.pay(sessionId);
      expect(sessionCompleted.account).toBe(account);
      // Connect events are signed with the Connect endpoint's secret.
      expect(
        (await deliver(sessionCompleted, { secret: STRIPE_CONNECT_WEBHOOK_SECRET })).status,
      ).toBe(200);
      expect((await order(o.id)).status).toBe('paid');
      expect((await refund(o.id, { amount: 100 })).status).toBe(201);
      const [refundSent] = stripeRequests('/v1/refunds').slice(-1);
      expect(refundSent.headers['stripe-account']).toBe(account);
    });

    it('applies a connected account’s event to the store that owns it, and to no other', async () => {
      const otherAdmin = await registerUser(api, 'Other Admin');
      const other = await createStore(api, otherAdmin, 'USD');
      const [{ id: otherVariant }] = await productWithVariants(api, other.id, otherAdmin, [
        [500, 10],
      ]);
      const otherOrder = (
        await placeOrder(api, other.slug, [{ variantId: otherVariant, quantity: 1 }])
      ).body;
      const otherSession = (
        await api.http('POST', '/api/v1/payments/stripe/session', {
          body: { orderId: otherOrder.id, orderToken: otherOrder.orderToken },
        })
      ).body.sessionId;
      // The other store's session paid, but the event claims the first store's account.
      const { sessionCompleted } = doubles.stripe.pay(otherSession);
      const [{ account_id: account }] = await api.db.sql<{ account_id: string }>(
        `select account_id from stripe_account where store_id = $1`,
        [store.id],
      );
      const forged = { ...sessionCompleted, id: 'evt_cross_store', account };
      expect((await deliver(forged, { secret: STRIPE_CONNECT_WEBHOOK_SECRET })).status).toBe(200);
      const seen = await api.http('GET', `/api/v1/stores/${other.id}/orders/${otherOrder.id}`, {
        token: otherAdmin.token,
      });
      expect(seen.body.status).toBe('pending_payment');
      expect(await count(`from payment_inbox where event_id = 'evt_cross_store'`, [])).toBe(0);
    });
  });

  it('answers 503 naming the variables when Stripe is not configured', async () => {
    const bare = await startTestApi();
    try {
      const res = await bare.http('POST', '/api/v1/payments/stripe/session', {
        body: { orderId: '00000000-0000-4000-8000-000000000000', orderToken: 'x' },
      });
      expect(res.status).toBe(503);
      expect(res.body.detail).toContain('STRIPE_SECRET_KEY');
      expect(res.body.detail).toContain('STRIPE_WEBHOOK_SECRET');
      const hook = await bare.http('POST', '/api/v1/payments/stripe/webhook', { body: {} });
      expect(hook.status).toBe(503);
    } finally {
      await bare.close();
    }
  });
});
