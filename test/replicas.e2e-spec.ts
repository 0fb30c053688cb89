import {
  ADDRESS,
  createStore,
  productWithVariants,
  registerUser,
  TestUser,
} from './support/fixtures';
import { HttpResult, request, RequestOptions, waitFor } from './support/http';
import {
  PaymentDoubles,
  startPaymentDoubles,
  STRIPE_WEBHOOK_SECRET,
} from './support/payment-doubles';
import { hasRedisServer, RedisServer, withRedis } from './support/redis-server';
import { ReplicaHarness, startReplicaHarness } from './support/replica-harness';
import { SmtpCapture, startSmtpCapture } from './support/smtp-capture';
import type { StripeEvent } from './support/stripe-double';
import type { TestApi } from './support/test-api';
import { createTestDatabase, TestDatabase } from './support/test-db';
import { TEST_JOB_TABLES } from './support/test-jobs.module';
import { startWebhookReceiver, WebhookReceiver } from './support/webhook-receiver';

// Two apis and two workers over one PostgreSQL and one Redis, behind a round-robin proxy:
// every effect happens once (payments, emails, webhook deliveries) and every limit holds
// exactly (a promotion's uses, stock, the storefront rate limit), whichever replica serves.
jest.setTimeout(60_000);

const STRIPE_HOOK = '/api/v1/payments/stripe/webhook';

withRedis(Boolean(process.env.REDIS_URL) || hasRedisServer)(
  'replicas behave as one (2 apis + 2 workers behind a proxy)',
  () => {
    let ownRedis: RedisServer | null = null;
    let db: TestDatabase;
    let doubles: PaymentDoubles;
    let smtp: SmtpCapture;
    let receiver: WebhookReceiver;
    let h: ReplicaHarness;
    let client: TestApi;
    let admin: TestUser;
    let store: { id: string; slug: string };
    let webhookId: string;
    let shopper = 0;
    /** Every order placed (201), whatever the case. */
    const placed: Array<{ id: string; orderToken: string; total: number; email: string }> = [];
    const paid: string[] = [];

    const http = (method: string, path: string, options?: RequestOptions) =>
      request(h.url(path), method, options);
    /** A shopper of their own (X-Forwarded-For through the proxy): their own storefront budget. */
    const newShopper = () => {
      const n = ++shopper;
      return {
        n,
        headers: { 'x-forwarded-for': `10.77.${Math.floor(n / 250)}.${(n % 250) + 1}` },
      };
    };
    const order = async (variantId: string, extra: object = {}) => {
      const who = newShopper();
      const res = await http('POST', `/api/v1/catalog/${store.slug}/orders`, {
        body: {
          items: [{ variantId, quantity: 1 }],
          email: `buyer-${who.n}@example.com`,
          shippingAddress: ADDRESS,
          ...extra,
        },
        headers: who.headers,
      });
      if (res.status === 201) placed.push(res.body);
      return res;
    };
    const count = async (sql: string, params: unknown[] = []) =>
      (await db.sql<{ n: number }>(`select count(*)::int as n ${sql}`, params))[0].n;
    const tally = (answers: HttpResult[]) =>
      answers.reduce<Record<number, number>>(
        (t, a) => ({ ...t, [a.status]: (t[a.status] ?? 0) + 1 }),
        {},
      );
    /** Signed once, sent to each api directly and 10 times at once through the proxy. */
    const deliverEverywhere = (event: StripeEvent) => {
      const payload = JSON.stringify(event);
      const signature = doubles.stripe.signedHeader(payload, STRIPE_WEBHOOK_SECRET);
      const send = (url: string) =>
        request(url, 'POST', {
          raw: { body: payload, contentType: 'application/json' },
          headers: { 'stripe-signature': signature },
        });
      return Promise.all([
        send(h.apiUrl(0, STRIPE_HOOK)),
        send(h.apiUrl(1, STRIPE_HOOK)),
        ...Array.from({ length: 10 }, () => send(h.url(STRIPE_HOOK))),
      ]);
    };
    const orderOf = async (id: string) =>
      (await http('GET', `/api/v1/stores/${store.id}/orders/${id}`, { token: admin.token })).body;
    const paymentsCounted = async () => {
      let sum = 0;
      for (const i of [0, 1]) {
        const line = `silkcart_payments_total{store="${store.id}",status="succeeded"} `;
        const text = (await request(h.apiUrl(i, '/metrics'), 'GET')).text;
        const found = text.split('\n').find((l) => l.startsWith(line));
        sum += found ? Number(found.slice(line.length)) : 0;
      }
      return sum;
    };
    /** Every job and event delivery, email and webhook delivery has run its course. */
    const quiet = () =>
      waitFor(
        async () =>
          (await count(`from outbox_message where status not in ('done', 'failed')`)) === 0 &&
          (await count(`from notification where status = 'queued'`)) === 0 &&
          (await count(`from webhook_delivery where status = 'pending'`)) === 0,
        30_000,
        'the outbox, emails and webhook deliveries to settle',
      );

    beforeAll(async () => {
      const started = Date.now();
      if (!process.env.REDIS_URL) ownRedis = await RedisServer.start();
      [db, doubles, smtp, receiver] = await Promise.all([
        createTestDatabase(),
        startPaymentDoubles(),
        startSmtpCapture(),
        startWebhookReceiver(),
      ]);
      await db.sql(TEST_JOB_TABLES);
      h = await startReplicaHarness({
        databaseUrl: db.url,
        redisUrl: ownRedis?.url,
        apis: 2,
        workers: 2,
        env: {
          ...doubles.env,
          SMTP_URL: smtp.url,
          WEBHOOK_ALLOW_PRIVATE: 'true',
          WEBHOOK_RETRY_BASE_SECONDS: '0.2',
          STOREFRONT_RATE_LIMIT: '10',
          AUTH_RATE_LIMIT: '1000',
        },
      });
      process.stdout.write(`replica harness up in ${Date.now() - started} ms\n`);
      client = { http } as TestApi;
      admin = await registerUser(client, 'Replica Admin');
      store = await createStore(client, admin, 'USD');
      const hook = await http('POST', `/api/v1/stores/${store.id}/webhooks`, {
        token: admin.token,
        body: {
          url: `${receiver.url}/orders`,
          events: ['order.created', 'order.paid', 'order.refunded'],
        },
      });
      expect(hook.status).toBe(201);
      webhookId = hook.body.id;
    }, 120_000);

    afterAll(async () => {
      await h?.close();
      await Promise.all([doubles?.close(), smtp?.close(), receiver?.close()]);
      await ownRedis?.stop();
      await db?.drop();
    });

    it('spreads requests over both apis', () => {
      expect(h.forwarded.every((n) => n > 0)).toBe(true);
    });

    it('has both workers take jobs, each job taking effect once', async () => {
      const keys = Array.from({ length: 12 }, (_, i) => `shared-${i}`);
      const queued = await Promise.all(
        keys.map((key) =>
          http('POST', '/api/v1/test/jobs', { body: { key, sleepFirstAttemptMs: 300 } }),
        ),
      );
      expect(queued.map((q) => q.status)).toEqual(Array(12).fill(202));
      const effects = await waitFor(
        async () => {
          const rows = await db.sql<{ key: string; pid: number }>(
            `select key, pid from test_job_effect where key like 'shared-%'`,
          );
          return rows.length >= keys.length ? rows : null;
        },
        20_000,
        'the 12 jobs to run',
      );
      expect(effects.map((e) => e.key).sort()).toEqual([...keys].sort());
      const pids = new Set(effects.map((e) => e.pid));
      expect([...pids].sort()).toEqual(h.workers.map((w) => w.proc.pid).sort());
    });

    it('sells exactly the stock: 7 of 20 parallel orders of a variant with stock 7', async () => {
      const [variant] = await productWithVariants(client, store.id, admin, [[1500, 7]]);
      const answers = await Promise.all(Array.from({ length: 20 }, () => order(variant.id)));
      expect(tally(answers)).toEqual({ 201: 7, 409: 13 });
      const [{ stock }] = await db.sql<{ stock: number }>(
        `select stock from variant where id = $1`,
        [variant.id],
      );
      expect(stock).toBe(0);
      expect(await count(`from order_item where variant_id = $1`, [variant.id])).toBe(7);
    });

    it('redeems a code with usage limit 5 exactly 5 times out of 20 parallel orders', async () => {
      const [variant] = await productWithVariants(client, store.id, admin, [[2000, 1000]]);
      const promo = await http('POST', `/api/v1/stores/${store.id}/promotions`, {
        token: admin.token,
        body: { code: 'REPLICA5', type: 'percentage', value: 10, usageLimit: 5 },
      });
      expect(promo.status).toBe(201);
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => order(variant.id, { promotionCode: 'replica5' })),
      );
      expect(tally(answers)).toEqual({ 201: 5, 409: 15 });
      expect(answers.filter((a) => a.status === 201).map((a) => a.body.promotionCode)).toEqual(
        Array(5).fill('REPLICA5'),
      );
      expect(await count(`from customer_order where promotion_code = 'REPLICA5'`)).toBe(5);
      expect(await count(`from promotion_redemption`)).toBe(5);
      const after = await http('GET', `/api/v1/stores/${store.id}/promotions/${promo.body.id}`, {
        token: admin.token,
      });
      expect(after.body.timesUsed).toBe(5);
    });

    it('applies a Stripe payment once when its webhook reaches both apis and comes 10 times through the proxy', async () => {
      const [variant] = await productWithVariants(client, store.id, admin, [[4200, 100]]);
      const before = await paymentsCounted();
      for (let i = 0; i < 3; i++) {
        const o = (await order(variant.id)).body;
        const session = await http('POST', '/api/v1/payments/stripe/session', {
          body: { orderId: o.id, orderToken: o.orderToken },
          headers: { ...newShopper().headers, 'idempotency-key': `replica-${o.id}` },
        });
        expect(session.status).toBe(201);
        const events = doubles.stripe.pay(session.body.sessionId);
        const answers = await deliverEverywhere(events.sessionCompleted);
        expect(answers.map((a) => a.status)).toEqual(Array(12).fill(200));
        expect(answers.filter((a) => a.body.outcome === 'applied')).toHaveLength(1);
        // The intent's event, which says the same, changes nothing more.
        const again = await deliverEverywhere(events.paymentIntentSucceeded);
        expect(again.map((a) => a.status)).toEqual(Array(12).fill(200));

        const shown = await orderOf(o.id);
        expect(shown.status).toBe('paid');
        expect(shown.payments).toEqual([
          expect.objectContaining({ status: 'succeeded', amount: o.total, amountRefunded: 0 }),
        ]);
        expect(await count(`from payment where order_id = $1`, [o.id])).toBe(1);
        for (const id of [events.sessionCompleted.id, events.paymentIntentSucceeded.id]) {
          expect(await count(`from payment_inbox where event_id = $1`, [id])).toBe(1);
        }
        expect(
          await count(
            `from (select distinct event_id from outbox_message
                   where event_type = 'ordering.order_paid' and payload->'data'->>'orderId' = $1) e`,
            [o.id],
          ),
        ).toBe(1);
        paid.push(o.id);
      }
      expect((await paymentsCounted()) - before).toBe(3);
    });

    it('refunds once: 4 parallel refund requests with one key, then the refund event everywhere', async () => {
      const target = placed.find((o) => o.id === paid[0])!;
      const intent = (
        await db.sql<{ id: string }>(
          `select provider_payment_id as id from payment where order_id = $1`,
          [target.id],
        )
      )[0].id;
      const refunds = () =>
        doubles.stripe.requests.filter(
          (r) =>
            r.method === 'POST' && r.path === '/v1/refunds' && r.params.payment_intent === intent,
        );
      const answers = await Promise.all(
        Array.from({ length: 4 }, () =>
          http('POST', `/api/v1/stores/${store.id}/orders/${target.id}/refunds`, {
            token: admin.token,
            body: {},
            headers: { 'idempotency-key': `refund-${target.id}` },
          }),
        ),
      );
      const made = answers.filter(
        (a) => a.status === 201 && a.headers.get('idempotent-replayed') !== 'true',
      );
      expect(made).toHaveLength(1);
      expect(answers.every((a) => a.status === 201 || a.status === 409)).toBe(true);
      expect(made[0].body).toMatchObject({ amount: target.total, status: 'succeeded' });
      expect(refunds()).toHaveLength(1);

      const [{ provider_refund_id: stripeRefund }] = await db.sql<{ provider_refund_id: string }>(
        `select provider_refund_id from refund where id = $1`,
        [made[0].body.id],
      );
      const replays = await deliverEverywhere(doubles.stripe.refundedEvent(stripeRefund));
      expect(replays.map((r) => r.status)).toEqual(Array(12).fill(200));
      // Nothing is left to refund, whichever api is asked.
      expect(
        (
          await http('POST', `/api/v1/stores/${store.id}/orders/${target.id}/refunds`, {
            token: admin.token,
            body: {},
          })
        ).status,
      ).toBe(409);

      const shown = await orderOf(target.id);
      expect(shown.status).toBe('refunded');
      expect(shown.payments[0]).toMatchObject({ amountRefunded: target.total });
      expect(shown.payments[0].refunds).toHaveLength(1);
      expect(refunds()).toHaveLength(1);
      expect(await count(`from refund where order_id = $1`, [target.id])).toBe(1);
      const [{ sum }] = await db.sql<{ sum: number }>(
        `select coalesce(sum(amount), 0)::int as sum from order_refund where order_id = $1`,
        [target.id],
      );
      expect(sum).toBe(target.total);
      expect(
        await count(
          `from (select distinct event_id from outbox_message
                 where event_type = 'ordering.order_refunded' and payload->'data'->>'orderId' = $1) e`,
          [target.id],
        ),
      ).toBe(1);
    });

    it('keeps one storefront budget: 10 of 14 parallel cart creations pass, 4 are refused', async () => {
      const other = await createStore(client, admin, 'USD');
      const answers = await Promise.all(
        Array.from({ length: 14 }, () =>
          http('POST', `/api/v1/catalog/${other.slug}/carts`, { body: {} }),
        ),
      );
      expect(tally(answers)).toEqual({ 201: 10, 429: 4 });
      expect(
        answers.filter((a) => a.status === 429).every((a) => a.headers.get('retry-after')),
      ).toBe(true);
    });

    it('sends each order its confirmation once, and each paid order one payment email', async () => {
      await quiet();
      // Late duplicates, if any, would come now.
      await new Promise((r) => setTimeout(r, 1000));
      expect(await count(`from outbox_message where status = 'failed'`)).toBe(0);
      const rows = await db.sql<{ id: string; order_id: string; template: string; status: string }>(
        `select id, order_id, template, status from notification
         where template in ('order-confirmation', 'payment-received')`,
      );
      const of = (template: string) => rows.filter((r) => r.template === template);
      expect(placed).toHaveLength(7 + 5 + 3);
      expect(
        of('order-confirmation')
          .map((r) => r.order_id)
          .sort(),
      ).toEqual(placed.map((o) => o.id).sort());
      expect(
        of('payment-received')
          .map((r) => r.order_id)
          .sort(),
      ).toEqual([...paid].sort());
      expect(rows.every((r) => r.status === 'sent')).toBe(true);

      // What reached the SMTP server: each message once (its Message-ID is the notification's).
      const received = new Map<string, number>();
      for (const m of smtp.messages) {
        received.set(m.messageId ?? '', (received.get(m.messageId ?? '') ?? 0) + 1);
      }
      const copies = rows.map((r) => [r.template, r.order_id, received.get(`<${r.id}@silkcart>`)]);
      expect(copies).toEqual(rows.map((r) => [r.template, r.order_id, 1]));
      for (const o of placed) {
        expect(
          smtp.messages.filter((m) => m.to.includes(o.email) && /^Your order #/.test(m.subject)),
        ).toHaveLength(1);
      }
    });

    it('delivers each order event to the endpoint: one delivery row per event, received once', async () => {
      await quiet();
      const deliveries = await db.sql<{
        event_id: string;
        event_type: string;
        order_id: string;
        status: string;
        attempts: number;
      }>(
        `select event_id, event_type, payload::jsonb->'data'->>'id' as order_id, status, attempts
         from webhook_delivery where endpoint_id = $1`,
        [webhookId],
      );
      const kinds = (type: string) =>
        deliveries
          .filter((d) => d.event_type === type)
          .map((d) => d.order_id)
          .sort();
      // One event per order and fact, so one delivery each.
      expect(kinds('order.created')).toEqual(placed.map((o) => o.id).sort());
      expect(kinds('order.paid')).toEqual([...paid].sort());
      expect(kinds('order.refunded')).toEqual([paid[0]]);
      expect(new Set(deliveries.map((d) => d.event_id)).size).toBe(deliveries.length);
      expect(deliveries.every((d) => d.status === 'succeeded' && d.attempts === 1)).toBe(true);

      const receipts = new Map<string, number>();
      for (const r of receiver.at('/orders')) {
        const id = r.headers['webhook-id'];
        receipts.set(id, (receipts.get(id) ?? 0) + 1);
      }
      expect([...receipts.keys()].sort()).toEqual(deliveries.map((d) => d.event_id).sort());
      const twice = [...receipts].filter(([, n]) => n > 1);
      expect(twice).toEqual([]);
    });
  },
);
