import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { crc32 } from 'node:zlib';
import { closeServer, flatHeaders, listen, readBody } from './http-double';

/**
 * A local PayPal REST API for e2e tests: OAuth client credentials, Orders v2 (create, show,
 * capture), Payments v2 (capture refunds) and webhook signature verification, in PayPal's
 * documented shapes and errors. State lives in memory.
 *
 * Behaviours taken from PayPal's documentation rather than guessed:
 * - a declined capture of a PayPal-wallet order is a 422 UNPROCESSABLE_ENTITY with the issue
 *   INSTRUMENT_DECLINED and a `redirect` link to send the payer back to choose another funding
 *   source ("Handle funding failures"); the order stays APPROVED. `declineNext('capture')`
 *   gives the other documented outcome, a 201 whose order is COMPLETED and whose capture is
 *   DECLINED ("check the payment status in purchase_units[].payments.captures[].status");
 * - with `payment_source.paypal.experience_context` an order is created PAYER_ACTION_REQUIRED
 *   with a `payer-action` link (no `approve` link); with `application_context` or nothing it is
 *   CREATED with `approve`, `update` and `capture` links;
 * - create order and refund answer `Prefer: return=minimal` (id, status, links) unless the
 *   request asks for `return=representation`; capture answers the order with its captures;
 * - a repeated `PayPal-Request-Id` answers 200 with the latest state of what the first request
 *   made; failed requests are not remembered, so a retry runs again;
 * - POST bodies must be sent as application/json (415 otherwise).
 * `failNext` applies to API calls, not to the token endpoint.
 */

export const PAYPAL_DECLINED_CAPTURE = {
  status: 422,
  name: 'UNPROCESSABLE_ENTITY',
  issue: 'INSTRUMENT_DECLINED',
} as const;

export interface PayPalDoubleOptions {
  clientId?: string;
  clientSecret?: string;
  webhookId?: string;
}

export interface PayPalRequest {
  method: string;
  path: string;
  body: any;
  /** Lower-cased names, e.g. `paypal-request-id`. */
  headers: Record<string, string>;
}

export interface PayPalMoney {
  currency_code: string;
  value: string;
}

export interface PayPalWebhookEvent {
  id: string;
  event_version: '1.0';
  create_time: string;
  resource_type: 'capture' | 'refund';
  resource_version: '2.0';
  event_type: string;
  summary: string;
  resource: any;
  links: Array<{ href: string; rel: string; method: string }>;
}

export interface PayPalDouble {
  /** Base URL, e.g. http://127.0.0.1:PORT (PAYPAL_API_BASE). */
  url: string;
  port: number;
  clientId: string;
  clientSecret: string;
  webhookId: string;
  requests: PayPalRequest[];
  /** The payer approves the order (what the approve / payer-action page does). */
  approve(paypalOrderId: string): void;
  /** The next capture is declined: a 422 INSTRUMENT_DECLINED, or with 'capture' a DECLINED capture. */
  declineNext(kind?: 'instrument' | 'capture'): void;
  /** The next `times` API calls (not token requests) answer `status` in PayPal's error shape. */
  failNext(status: number, times?: number): void;
  /** Every access token issued so far answers 401 invalid_token from now on. */
  expireTokens(): void;
  captureCompletedEvent(captureId: string): PayPalWebhookEvent;
  /** Marks the capture DECLINED and answers PAYMENT.CAPTURE.DENIED. */
  captureDeniedEvent(captureId: string): PayPalWebhookEvent;
  captureRefundedEvent(refundId: string): PayPalWebhookEvent;
  /** The headers PayPal posts a webhook with; the double's verify endpoint accepts them. */
  signedHeaders(event: object): Record<string, string>;
  close(): Promise<void>;
}

interface PurchaseUnit {
  reference_id: string;
  amount: PayPalMoney;
  custom_id?: string;
  invoice_id?: string;
  description?: string;
  captures: string[];
}

interface Order {
  id: string;
  intent: 'CAPTURE' | 'AUTHORIZE';
  status: 'CREATED' | 'PAYER_ACTION_REQUIRED' | 'APPROVED' | 'COMPLETED';
  units: PurchaseUnit[];
  withPaymentSource: boolean;
  returnUrl: string | null;
  payer: Payer | null;
  createTime: string;
  updateTime: string;
}

interface Payer {
  name: { given_name: string; surname: string };
  email_address: string;
  payer_id: string;
  address: { country_code: string };
}

interface Capture {
  id: string;
  orderId: string;
  status: 'COMPLETED' | 'DECLINED' | 'PARTIALLY_REFUNDED' | 'REFUNDED';
  amount: PayPalMoney;
  minor: number;
  refunded: number;
  custom_id?: string;
  invoice_id?: string;
  time: string;
  updateTime: string;
}

interface Refund {
  id: string;
  captureId: string;
  amount: PayPalMoney;
  minor: number;
  invoice_id?: string;
  custom_id?: string;
  note_to_payer?: string;
  time: string;
}

class PayPalFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(String(body.message ?? body.error));
  }
}

interface Detail {
  issue: string;
  description: string;
  field?: string;
  value?: string;
  location?: 'body' | 'path' | 'query';
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const pick = (alphabet: string, n: number) =>
  [...randomBytes(n)].map((b) => alphabet[b % alphabet.length]).join('');
const paypalId = () => pick(UPPER, 17);
const debugId = () => randomBytes(7).toString('hex').slice(0, 13);
const iso = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
/** PayPal's currencies; HUF, JPY and TWD take no decimals. */
const CURRENCIES = new Set(
  `AUD BRL CAD CNY CZK DKK EUR HKD HUF ILS JPY MYR MXN TWD NZD NOK PHP PLN GBP SGD SEK CHF THB
   USD`.split(/\s+/),
);
const ZERO_DECIMAL = new Set(['HUF', 'JPY', 'TWD']);
const SYMBOL: Record<string, string> = { USD: '$', CAD: '$', AUD: '$', EUR: '€', GBP: '£' };
const AMOUNT_PATTERN = /^((-?[0-9]+)|(-?([0-9]+)?[.][0-9]+))$/;
const AUTH_ALGO = 'SHA256withRSA';

const MESSAGES: Record<number, [string, string]> = {
  400: [
    'INVALID_REQUEST',
    'Request is not well-formed, syntactically incorrect, or violates schema.',
  ],
  401: [
    'AUTHENTICATION_FAILURE',
    'Authentication failed due to invalid authentication credentials or a missing Authorization header.',
  ],
  403: ['NOT_AUTHORIZED', 'Authorization failed due to insufficient permissions.'],
  404: ['RESOURCE_NOT_FOUND', 'The specified resource does not exist.'],
  415: [
    'UNSUPPORTED_MEDIA_TYPE',
    'The requested resource does not support the content type provided.',
  ],
  422: [
    'UNPROCESSABLE_ENTITY',
    'The requested action could not be performed, semantically incorrect, or failed business validation.',
  ],
  429: ['RATE_LIMIT_REACHED', 'Too many requests. Blocked due to rate limiting.'],
  500: ['INTERNAL_SERVER_ERROR', 'An internal server error has occurred.'],
  503: ['SERVICE_UNAVAILABLE', 'Service Unavailable.'],
};

function failure(status: number, details: Detail[] = [], links: object[] = []): PayPalFailure {
  const [name, message] = MESSAGES[status] ?? [`HTTP_${status}`, `Forced ${status} answer`];
  const info = details.map((d) => ({
    href: `https://developer.paypal.com/docs/api/orders/v2/#error-${d.issue}`,
    rel: 'information_link',
    method: 'GET',
  }));
  return new PayPalFailure(status, {
    name,
    message,
    debug_id: debugId(),
    details,
    links: [...info, ...links],
  });
}
const syntax = (field: string, value: unknown, issue = 'INVALID_PARAMETER_SYNTAX') =>
  failure(400, [
    {
      field,
      value: typeof value === 'string' ? value : JSON.stringify(value),
      location: 'body',
      issue,
      description:
        issue === 'MISSING_REQUIRED_PARAMETER'
          ? 'A required field / parameter is missing.'
          : issue === 'INVALID_PARAMETER_VALUE'
            ? 'The value of a field is invalid.'
            : 'The value of a field does not conform to the expected format.',
    },
  ]);
const unprocessable = (issue: string, description: string, field?: string, value?: string) =>
  failure(422, [
    { issue, description, ...(field ? { field, value, location: 'body' as const } : {}) },
  ]);

/** A PayPal amount in minor units, checked as PayPal checks it. */
function parseMoney(amount: unknown, field: string): PayPalMoney & { minor: number } {
  if (!amount || typeof amount !== 'object') {
    throw syntax(
      field,
      amount,
      amount === undefined ? 'MISSING_REQUIRED_PARAMETER' : 'INVALID_PARAMETER_SYNTAX',
    );
  }
  const { currency_code: currency, value } = amount as Record<string, unknown>;
  if (currency === undefined)
    throw syntax(`${field}/currency_code`, currency, 'MISSING_REQUIRED_PARAMETER');
  if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) {
    throw syntax(`${field}/currency_code`, currency);
  }
  if (value === undefined) throw syntax(`${field}/value`, value, 'MISSING_REQUIRED_PARAMETER');
  if (typeof value !== 'string' || value.length > 32 || !AMOUNT_PATTERN.test(value)) {
    throw syntax(`${field}/value`, value);
  }
  if (!CURRENCIES.has(currency)) {
    throw unprocessable(
      'CURRENCY_NOT_SUPPORTED',
      'Currency code is not currently supported.',
      `${field}/currency_code`,
      currency,
    );
  }
  const [whole, fraction = ''] = value.replace(/^-/, '').split('.');
  if (ZERO_DECIMAL.has(currency) && value.includes('.')) {
    throw unprocessable(
      'DECIMALS_NOT_SUPPORTED',
      'Currency does not support decimals.',
      `${field}/value`,
      value,
    );
  }
  if (fraction.length > 2) {
    throw unprocessable(
      'DECIMAL_PRECISION',
      'If the currency supports decimals, only two decimal place precision is supported.',
      `${field}/value`,
      value,
    );
  }
  const digits = ZERO_DECIMAL.has(currency) ? 0 : 2;
  const minor = Number(whole || '0') * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  if (value.startsWith('-') || minor === 0) {
    throw unprocessable(
      'CANNOT_BE_ZERO_OR_NEGATIVE',
      'Must be greater than zero. If the currency supports decimals, only two decimal place precision is supported.',
      `${field}/value`,
      value,
    );
  }
  return { currency_code: currency, value, minor };
}

function formatMinor(minor: number, currency: string): string {
  return ZERO_DECIMAL.has(currency) ? String(minor) : (minor / 100).toFixed(2);
}

export async function startPayPalDouble(opts: PayPalDoubleOptions = {}): Promise<PayPalDouble> {
  const clientId = opts.clientId ?? `client-${pick(ALNUM, 16)}`;
  const clientSecret = opts.clientSecret ?? `secret-${pick(ALNUM, 24)}`;
  const webhookId = opts.webhookId ?? pick(UPPER, 17);
  const signingSecret = randomBytes(32);
  const merchant = { email_address: 'merchant@example.com', merchant_id: pick(UPPER, 13) };
  const requests: PayPalRequest[] = [];
  const tokens = new Set<string>();
  const expired = new Set<string>();
  const orders = new Map<string, Order>();
  const captures = new Map<string, Capture>();
  const refunds = new Map<string, Refund>();
  const replays = new Map<string, () => unknown>();
  const failures: number[] = [];
  const declines: Array<'instrument' | 'capture'> = [];
  let base = '';
  let certUrl = '';

  const link = (path: string, rel: string, method = 'GET') => ({
    href: `${base}${path}`,
    rel,
    method,
  });
  const checkoutLink = (id: string, rel: string) => ({
    href: `${base}/checkoutnow?token=${id}`,
    rel,
    method: 'GET',
  });

  function orderLinks(order: Order) {
    const self = link(`/v2/checkout/orders/${order.id}`, 'self');
    if (order.status === 'PAYER_ACTION_REQUIRED')
      return [self, checkoutLink(order.id, 'payer-action')];
    if (order.status === 'COMPLETED') return [self];
    return [
      self,
      ...(order.status === 'CREATED' ? [checkoutLink(order.id, 'approve')] : []),
      link(`/v2/checkout/orders/${order.id}`, 'update', 'PATCH'),
      link(
        `/v2/checkout/orders/${order.id}/${order.intent === 'CAPTURE' ? 'capture' : 'authorize'}`,
        order.intent.toLowerCase(),
        'POST',
      ),
    ];
  }
  const paymentSource = (order: Order) =>
    order.payer
      ? {
          paypal: {
            email_address: order.payer.email_address,
            account_id: order.payer.payer_id,
            account_status: 'VERIFIED',
            name: order.payer.name,
            address: order.payer.address,
          },
        }
      : order.withPaymentSource
        ? { paypal: {} }
        : undefined;

  function renderCapture(c: Capture) {
    // PayPal's standard rate, 3.49% plus a fixed fee
    const fee = Math.round(c.minor * 0.0349) + (ZERO_DECIMAL.has(c.amount.currency_code) ? 40 : 49);
    const money = (minor: number) => ({
      currency_code: c.amount.currency_code,
      value: formatMinor(minor, c.amount.currency_code),
    });
    return {
      id: c.id,
      status: c.status,
      amount: c.amount,
      final_capture: true,
      disbursement_mode: 'INSTANT',
      seller_protection: {
        status: 'ELIGIBLE',
        dispute_categories: ['ITEM_NOT_RECEIVED', 'UNAUTHORIZED_TRANSACTION'],
      },
      ...(c.status === 'DECLINED'
        ? {}
        : {
            seller_receivable_breakdown: {
              gross_amount: c.amount,
              paypal_fee: money(Math.min(fee, c.minor)),
              net_amount: money(Math.max(0, c.minor - fee)),
            },
          }),
      ...(c.invoice_id ? { invoice_id: c.invoice_id } : {}),
      ...(c.custom_id ? { custom_id: c.custom_id } : {}),
      supplementary_data: { related_ids: { order_id: c.orderId } },
      links: [
        link(`/v2/payments/captures/${c.id}`, 'self'),
        link(`/v2/payments/captures/${c.id}/refund`, 'refund', 'POST'),
        link(`/v2/checkout/orders/${c.orderId}`, 'up'),
      ],
      create_time: c.time,
      update_time: c.updateTime,
    };
  }
  function renderOrder(order: Order) {
    const source = paymentSource(order);
    return {
      id: order.id,
      intent: order.intent,
      status: order.status,
      ...(source ? { payment_source: source } : {}),
      purchase_units: order.units.map((u) => ({
        reference_id: u.reference_id,
        amount: u.amount,
        payee: merchant,
        ...(u.description ? { description: u.description } : {}),
        ...(u.custom_id ? { custom_id: u.custom_id } : {}),
        ...(u.invoice_id ? { invoice_id: u.invoice_id } : {}),
        ...(u.captures.length
          ? { payments: { captures: u.captures.map((id) => renderCapture(captures.get(id)!)) } }
          : {}),
      })),
      ...(order.payer ? { payer: order.payer } : {}),
      create_time: order.createTime,
      ...(order.updateTime !== order.createTime ? { update_time: order.updateTime } : {}),
      links: orderLinks(order),
    };
  }
  /** What a capture answers: the order with only its captures under each purchase unit. */
  function renderCaptured(order: Order) {
    const full = renderOrder(order);
    return {
      id: order.id,
      status: order.status,
      payment_source: full.payment_source,
      purchase_units: full.purchase_units.map((u) => ({
        reference_id: u.reference_id,
        payments: u.payments,
      })),
      payer: full.payer,
      links: [link(`/v2/checkout/orders/${order.id}`, 'self')],
    };
  }
  function renderRefund(r: Refund) {
    const capture = captures.get(r.captureId)!;
    const refundedBefore = [...refunds.values()]
      .filter((x) => x.captureId === r.captureId && x.time <= r.time)
      .reduce((n, x) => n + x.minor, 0);
    const money = (minor: number) => ({
      currency_code: r.amount.currency_code,
      value: formatMinor(minor, r.amount.currency_code),
    });
    return {
      id: r.id,
      amount: r.amount,
      status: 'COMPLETED',
      ...(r.note_to_payer ? { note_to_payer: r.note_to_payer } : {}),
      seller_payable_breakdown: {
        gross_amount: r.amount,
        paypal_fee: money(0),
        net_amount: r.amount,
        total_refunded_amount: money(Math.min(refundedBefore, capture.minor)),
      },
      ...(r.invoice_id ? { invoice_id: r.invoice_id } : {}),
      ...(r.custom_id ? { custom_id: r.custom_id } : {}),
      create_time: r.time,
      update_time: r.time,
      links: [
        link(`/v2/payments/refunds/${r.id}`, 'self'),
        link(`/v2/payments/captures/${r.captureId}`, 'up'),
      ],
    };
  }
  const minimal = (r: { id: string; status: string; links: unknown }) => ({
    id: r.id,
    status: r.status,
    links: r.links,
  });

  const orderOf = (id: string) => {
    const order = orders.get(id);
    if (!order)
      throw failure(404, [
        {
          field: 'order_id',
          value: id,
          location: 'path',
          issue: 'INVALID_RESOURCE_ID',
          description:
            'Specified resource ID does not exist. Please check the resource ID and try again.',
        },
      ]);
    return order;
  };
  const captureOf = (id: string) => {
    const capture = captures.get(id);
    if (!capture)
      throw failure(404, [
        {
          field: 'capture_id',
          value: id,
          location: 'path',
          issue: 'INVALID_RESOURCE_ID',
          description:
            'Specified resource ID does not exist. Please check the resource ID and try again.',
        },
      ]);
    return capture;
  };

  function createOrder(body: any, representation: boolean) {
    if (!body || typeof body !== 'object' || Array.isArray(body))
      throw syntax('/', body, 'MALFORMED_REQUEST_JSON');
    if (body.intent === undefined)
      throw syntax('/intent', body.intent, 'MISSING_REQUIRED_PARAMETER');
    if (body.intent !== 'CAPTURE' && body.intent !== 'AUTHORIZE')
      throw syntax('/intent', body.intent, 'INVALID_PARAMETER_VALUE');
    const units = body.purchase_units;
    if (!Array.isArray(units) || units.length === 0)
      throw syntax('/purchase_units', units, 'MISSING_REQUIRED_PARAMETER');
    if (units.length > 10) throw syntax('/purchase_units', units.length, 'INVALID_ARRAY_MAX_ITEMS');
    const seen = new Set<string>();
    const parsed: PurchaseUnit[] = units.map((u: any, i: number) => {
      if (units.length > 1 && !u?.reference_id) {
        throw unprocessable(
          'REFERENCE_ID_REQUIRED',
          "'reference_id' is required for each 'purchase_unit' if multiple 'purchase_unit' are provided.",
          `/purchase_units/${i}/reference_id`,
        );
      }
      const ref = u?.reference_id ?? 'default';
      if (seen.has(ref))
        throw unprocessable(
          'DUPLICATE_REFERENCE_ID',
          "'reference_id' must be unique if multiple 'purchase_unit' are provided.",
          `/purchase_units/${i}/reference_id`,
          ref,
        );
      seen.add(ref);
      const at = `/purchase_units/@reference_id=='${ref}'`;
      const money = parseMoney(u?.amount, `${at}/amount`);
      for (const field of ['custom_id', 'invoice_id', 'description'] as const) {
        const value = u?.[field];
        if (value !== undefined && (typeof value !== 'string' || value.length > 127)) {
          throw syntax(`${at}/${field}`, value, 'INVALID_STRING_LENGTH');
        }
      }
      return {
        reference_id: ref,
        amount: { currency_code: money.currency_code, value: money.value },
        custom_id: u.custom_id,
        invoice_id: u.invoice_id,
        description: u.description,
        captures: [],
      };
    });
    const context = body.payment_source?.paypal?.experience_context ?? body.application_context;
    const returnUrl = context?.return_url ?? null;
    for (const field of ['return_url', 'cancel_url']) {
      const value = context?.[field];
      if (value !== undefined) {
        try {
          new URL(value);
        } catch {
          throw syntax(
            `/${body.application_context ? 'application_context' : 'payment_source/paypal/experience_context'}/${field}`,
            value,
          );
        }
      }
    }
    const time = iso();
    const order: Order = {
      id: paypalId(),
      intent: body.intent,
      status: body.payment_source?.paypal ? 'PAYER_ACTION_REQUIRED' : 'CREATED',
      units: parsed,
      withPaymentSource: Boolean(body.payment_source?.paypal),
      returnUrl,
      payer: null,
      createTime: time,
      updateTime: time,
    };
    orders.set(order.id, order);
    const render = () => {
      const full = renderOrder(order);
      if (representation) return full;
      return {
        ...minimal(full),
        ...(full.payment_source ? { payment_source: full.payment_source } : {}),
      };
    };
    return { status: 201, body: render(), replay: render };
  }

  function captureOrder(id: string) {
    const order = orderOf(id);
    if (order.intent !== 'CAPTURE') {
      throw unprocessable(
        'ACTION_DOES_NOT_MATCH_INTENT',
        "Order was created with an intent to 'AUTHORIZE'. Please use /authorize or change the intent to 'CAPTURE'.",
      );
    }
    if (order.status === 'COMPLETED') {
      throw unprocessable(
        'ORDER_ALREADY_CAPTURED',
        "Order already captured.If 'intent=CAPTURE' only one capture per order is allowed.",
      );
    }
    if (order.status !== 'APPROVED') {
      throw unprocessable(
        'ORDER_NOT_APPROVED',
        "Payer has not yet approved the Order for payment. Please redirect the payer to the 'rel':'approve' url returned as part of the HATEOAS links within the Create Order call or provide a valid payment_source in the request.",
      );
    }
    const decline = declines.shift();
    if (decline === 'instrument') {
      throw failure(
        422,
        [
          {
            issue: 'INSTRUMENT_DECLINED',
            description:
              "The instrument presented was either declined by the processor or bank, or it can't be used for this payment.",
          },
        ],
        [checkoutLink(order.id, 'redirect')],
      );
    }
    const time = iso();
    for (const unit of order.units) {
      const money = parseMoney(unit.amount, '/amount');
      const capture: Capture = {
        id: paypalId(),
        orderId: order.id,
        status: decline === 'capture' ? 'DECLINED' : 'COMPLETED',
        amount: unit.amount,
        minor: money.minor,
        refunded: 0,
        custom_id: unit.custom_id,
        invoice_id: unit.invoice_id,
        time,
        updateTime: time,
      };
      captures.set(capture.id, capture);
      unit.captures.push(capture.id);
    }
    order.status = 'COMPLETED';
    order.updateTime = time;
    const render = () => renderCaptured(order);
    return { status: 201, body: render(), replay: render };
  }

  function refundCapture(id: string, body: any, representation: boolean) {
    const capture = captureOf(id);
    if (capture.status === 'DECLINED') {
      throw unprocessable('REFUND_NOT_ALLOWED', 'Capture cannot be refunded.');
    }
    const remaining = capture.minor - capture.refunded;
    let amount = {
      currency_code: capture.amount.currency_code,
      value: formatMinor(remaining, capture.amount.currency_code),
      minor: remaining,
    };
    if (body?.amount !== undefined) {
      amount = parseMoney(body.amount, '/amount');
      if (amount.currency_code !== capture.amount.currency_code) {
        throw unprocessable(
          'REFUND_CAPTURE_CURRENCY_MISMATCH',
          'Refund must be in the same currency as the capture.',
          '/amount/currency_code',
          amount.currency_code,
        );
      }
    }
    if (remaining <= 0)
      throw unprocessable('CAPTURE_FULLY_REFUNDED', 'The capture has already been fully refunded');
    if (amount.minor > remaining) {
      throw unprocessable(
        'REFUND_AMOUNT_EXCEEDED',
        'The refund amount must be less than or equal to the capture amount that has not yet been refunded.',
      );
    }
    const time = iso();
    const refund: Refund = {
      id: paypalId(),
      captureId: capture.id,
      amount: { currency_code: amount.currency_code, value: amount.value },
      minor: amount.minor,
      invoice_id: typeof body?.invoice_id === 'string' ? body.invoice_id : undefined,
      custom_id: typeof body?.custom_id === 'string' ? body.custom_id : undefined,
      note_to_payer: typeof body?.note_to_payer === 'string' ? body.note_to_payer : undefined,
      time,
    };
    refunds.set(refund.id, refund);
    capture.refunded += amount.minor;
    capture.status = capture.refunded >= capture.minor ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
    capture.updateTime = time;
    const render = () => (representation ? renderRefund(refund) : minimal(renderRefund(refund)));
    return { status: 201, body: render(), replay: render };
  }

  function sign(transmissionId: string, time: string, event: unknown, hookId: string): string {
    const message = `${transmissionId}|${time}|${hookId}|${crc32(JSON.stringify(event))}`;
    return createHmac('sha256', signingSecret).update(message).digest('base64');
  }

  function verify(body: any) {
    const required = [
      'auth_algo',
      'cert_url',
      'transmission_id',
      'transmission_sig',
      'transmission_time',
      'webhook_id',
      'webhook_event',
    ];
    const absent = required.filter((f) => body?.[f] === undefined || body[f] === '');
    if (absent.length) {
      throw new PayPalFailure(400, {
        name: 'VALIDATION_ERROR',
        message: 'Invalid request - see details',
        debug_id: debugId(),
        information_link:
          'https://developer.paypal.com/docs/api/webhooks/v1/#verify-webhook-signature',
        details: absent.map((field) => ({
          field,
          location: 'body',
          issue: 'MISSING_REQUIRED_PARAMETER',
          description: `${field} is required`,
        })),
      });
    }
    const expected = Buffer.from(
      sign(
        String(body.transmission_id),
        String(body.transmission_time),
        body.webhook_event,
        webhookId,
      ),
    );
    const given = Buffer.from(String(body.transmission_sig));
    const ok =
      body.webhook_id === webhookId &&
      body.auth_algo === AUTH_ALGO &&
      body.cert_url === certUrl &&
      given.length === expected.length &&
      timingSafeEqual(given, expected);
    return { status: 200, body: { verification_status: ok ? 'SUCCESS' : 'FAILURE' } };
  }

  function token(headers: Record<string, string>, raw: string) {
    const basic = /^Basic (\S+)$/.exec(headers.authorization ?? '');
    const [id, ...secret] = basic
      ? Buffer.from(basic[1], 'base64').toString('utf8').split(':')
      : [];
    if (id !== clientId || secret.join(':') !== clientSecret) {
      throw new PayPalFailure(401, {
        error: 'invalid_client',
        error_description: 'Client Authentication failed',
      });
    }
    const grant = new URLSearchParams(raw).get('grant_type');
    if (!grant)
      throw new PayPalFailure(400, {
        error: 'unsupported_grant_type',
        error_description: 'Grant Type is NULL',
      });
    if (grant !== 'client_credentials')
      throw new PayPalFailure(400, {
        error: 'unsupported_grant_type',
        error_description: 'unsupported grant_type',
      });
    const accessToken = `A21AA${pick(ALNUM, 92)}`;
    tokens.add(accessToken);
    return {
      status: 200,
      body: {
        scope:
          'https://uri.paypal.com/services/payments/payment https://uri.paypal.com/services/payments/refund https://uri.paypal.com/services/applications/webhooks https://uri.paypal.com/services/payments/orders/client_sdk_orders_api openid',
        access_token: accessToken,
        token_type: 'Bearer',
        app_id: 'APP-80W284485P519543T',
        expires_in: 32400,
        nonce: `${iso()}${pick(ALNUM, 43)}`,
      },
    };
  }

  function approveOrder(id: string) {
    const order = orders.get(id);
    if (!order) throw new Error(`paypal double: no order ${id}`);
    if (order.status === 'COMPLETED') throw new Error(`paypal double: order ${id} is completed`);
    order.status = 'APPROVED';
    order.payer ??= {
      name: { given_name: 'John', surname: 'Doe' },
      email_address: 'buyer@example.com',
      payer_id: pick(UPPER, 13),
      address: { country_code: 'US' },
    };
    order.updateTime = iso();
    return order;
  }

  async function route(
    method: string,
    path: string,
    headers: Record<string, string>,
    raw: string,
    body: any,
  ) {
    if (method === 'POST' && path === '/v1/oauth2/token') return token(headers, raw);
    const forced = failures.shift();
    if (forced !== undefined) throw failure(forced);
    const bearer = /^Bearer (\S+)$/.exec(headers.authorization ?? '')?.[1];
    if (bearer && expired.has(bearer))
      throw new PayPalFailure(401, {
        error: 'invalid_token',
        error_description: 'Access Token not found in cache',
      });
    if (!bearer || !tokens.has(bearer)) throw failure(401);
    if (method === 'POST' && raw && !(headers['content-type'] ?? '').includes('application/json'))
      throw failure(415);
    if (method === 'POST' && body === INVALID_JSON)
      throw syntax('/', raw.slice(0, 60), 'MALFORMED_REQUEST_JSON');
    const representation = /return=representation/.test(headers.prefer ?? '');
    const requestId = headers['paypal-request-id'];
    const replayKey = requestId ? `${path}|${requestId}` : null;
    const replay = replayKey ? replays.get(replayKey) : undefined;
    if (method === 'POST' && replay) return { status: 200, body: replay() };
    let m: RegExpExecArray | null;
    let result: { status: number; body: unknown; replay?: () => unknown } | null = null;
    if (method === 'POST' && path === '/v2/checkout/orders')
      result = createOrder(body, representation);
    else if (method === 'GET' && (m = /^\/v2\/checkout\/orders\/([^/]+)$/.exec(path)))
      result = { status: 200, body: renderOrder(orderOf(m[1])) };
    else if (method === 'POST' && (m = /^\/v2\/checkout\/orders\/([^/]+)\/capture$/.exec(path)))
      result = captureOrder(m[1]);
    else if (method === 'GET' && (m = /^\/v2\/payments\/captures\/([^/]+)$/.exec(path)))
      result = { status: 200, body: renderCapture(captureOf(m[1])) };
    else if (method === 'POST' && (m = /^\/v2\/payments\/captures\/([^/]+)\/refund$/.exec(path)))
      result = refundCapture(m[1], body, representation);
    else if (method === 'GET' && (m = /^\/v2\/payments\/refunds\/([^/]+)$/.exec(path))) {
      const refund = refunds.get(m[1]);
      if (!refund)
        throw failure(404, [
          {
            field: 'refund_id',
            value: m[1],
            location: 'path',
            issue: 'INVALID_RESOURCE_ID',
            description:
              'Specified resource ID does not exist. Please check the resource ID and try again.',
          },
        ]);
      result = { status: 200, body: renderRefund(refund) };
    } else if (method === 'POST' && path === '/v1/notifications/verify-webhook-signature')
      result = verify(body);
    if (!result) throw failure(404);
    if (replayKey && result.replay) replays.set(replayKey, result.replay);
    return result;
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const raw = await readBody(req);
    const headers = flatHeaders(req);
    const target = new URL(req.url ?? '/', 'http://paypal.local');
    const method = req.method ?? 'GET';
    let body: any = undefined;
    if (raw && target.pathname !== '/v1/oauth2/token') {
      try {
        body = JSON.parse(raw);
      } catch {
        body = INVALID_JSON;
      }
    } else if (raw) {
      body = Object.fromEntries(new URLSearchParams(raw));
    }
    requests.push({ method, path: target.pathname, body, headers });

    if (method === 'GET' && target.pathname === '/checkoutnow') {
      // The payer's browser on PayPal's approval page: approve and go back to the shop.
      const order = orders.get(target.searchParams.get('token') ?? '');
      if (!order || order.status === 'COMPLETED')
        return send(res, 404, { name: 'RESOURCE_NOT_FOUND' });
      approveOrder(order.id);
      if (!order.returnUrl) return send(res, 200, { approved: order.id });
      const back = new URL(order.returnUrl);
      back.searchParams.set('token', order.id);
      back.searchParams.set('PayerID', order.payer!.payer_id);
      res.writeHead(302, { location: back.toString() });
      return res.end();
    }
    try {
      const result = await route(method, target.pathname, headers, raw, body);
      send(res, result.status, result.body);
    } catch (e) {
      if (!(e instanceof PayPalFailure)) throw e;
      send(res, e.status, e.body);
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) =>
      send(res, 500, { name: 'INTERNAL_SERVER_ERROR', message: String(e) }),
    );
  });
  const port = await listen(server);
  base = `http://127.0.0.1:${port}`;
  certUrl = `${base}/v1/notifications/certs/CERT-360caa42-fca2a594-${randomBytes(4).toString('hex')}`;

  function webhookEvent(
    eventType: string,
    resourceType: 'capture' | 'refund',
    summary: string,
    resource: unknown,
  ): PayPalWebhookEvent {
    const id = `WH-${pick(UPPER, 17)}-${pick(UPPER, 17)}`;
    return {
      id,
      event_version: '1.0',
      create_time: new Date().toISOString(),
      resource_type: resourceType,
      resource_version: '2.0',
      event_type: eventType,
      summary,
      resource,
      links: [
        link(`/v1/notifications/webhooks-events/${id}`, 'self'),
        link(`/v1/notifications/webhooks-events/${id}/resend`, 'resend', 'POST'),
      ],
    };
  }
  const shown = (m: PayPalMoney) =>
    `${SYMBOL[m.currency_code] ?? m.currency_code} ${m.value} ${m.currency_code}`;
  const knownCapture = (id: string) => {
    const capture = captures.get(id);
    if (!capture) throw new Error(`paypal double: no capture ${id}`);
    return capture;
  };

  return {
    url: base,
    port,
    clientId,
    clientSecret,
    webhookId,
    requests,
    approve(paypalOrderId) {
      approveOrder(paypalOrderId);
    },
    declineNext(kind = 'instrument') {
      declines.push(kind);
    },
    failNext(status, times = 1) {
      for (let i = 0; i < times; i++) failures.push(status);
    },
    expireTokens() {
      for (const t of tokens) expired.add(t);
      tokens.clear();
    },
    captureCompletedEvent(captureId) {
      const capture = knownCapture(captureId);
      return webhookEvent(
        'PAYMENT.CAPTURE.COMPLETED',
        'capture',
        `Payment completed for ${shown(capture.amount)}`,
        renderCapture(capture),
      );
    },
    captureDeniedEvent(captureId) {
      const capture = knownCapture(captureId);
      capture.status = 'DECLINED';
      capture.updateTime = iso();
      return webhookEvent(
        'PAYMENT.CAPTURE.DENIED',
        'capture',
        `Payment denied for ${shown(capture.amount)}`,
        renderCapture(capture),
      );
    },
    captureRefundedEvent(refundId) {
      const refund = refunds.get(refundId);
      if (!refund) throw new Error(`paypal double: no refund ${refundId}`);
      return webhookEvent(
        'PAYMENT.CAPTURE.REFUNDED',
        'refund',
        `A ${shown(refund.amount)} capture payment was refunded`,
        renderRefund(refund),
      );
    },
    signedHeaders(event) {
      const transmissionId = randomUUID();
      const time = iso();
      return {
        'content-type': 'application/json',
        'paypal-transmission-id': transmissionId,
        'paypal-transmission-time': time,
        'paypal-transmission-sig': sign(transmissionId, time, event, webhookId),
        'paypal-cert-url': certUrl,
        'paypal-auth-algo': AUTH_ALGO,
      };
    },
    close: () => closeServer(server),
  };
}

const INVALID_JSON = Symbol('invalid json');

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json', 'paypal-debug-id': debugId() });
  res.end(JSON.stringify(body));
}
