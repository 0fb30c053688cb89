import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@silkcart/shared';
import {
  CaptureResult,
  CheckoutCreated,
  CheckoutRequest,
  PaymentFact,
  PaymentGateway,
  RefundRequest,
  RefundResult,
  VerifiedEvent,
  WebhookRequest,
} from '../application/payment-gateway';
import { currencyDigits, fromDecimal, RefundStatus, toDecimal } from '../domain/payment';
import {
  InvalidWebhook,
  PaymentDeclined,
  ProviderFailed,
  ProviderNotConfigured,
  ProviderRefusedOrder,
} from '../domain/payments.errors';

const TIMEOUT_MS = 20_000;

interface PayPalAmount {
  currency_code: string;
  value: string;
}
interface PayPalLink {
  href: string;
  rel: string;
}
interface PayPalCapture {
  id: string;
  status: string;
  amount?: PayPalAmount;
  custom_id?: string;
  status_details?: { reason?: string };
  supplementary_data?: { related_ids?: { order_id?: string } };
  links?: PayPalLink[];
}
interface PayPalOrder {
  id: string;
  status: string;
  links?: PayPalLink[];
  purchase_units?: Array<{ custom_id?: string; payments?: { captures?: PayPalCapture[] } }>;
}
interface PayPalError {
  name?: string;
  message?: string;
  details?: Array<{ issue?: string; description?: string }>;
}
interface PayPalWebhookEvent {
  id: string;
  event_type: string;
  resource?: PayPalCapture & { custom_id?: string };
}

class PayPalApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: PayPalError,
  ) {
    super(body.message ?? body.name ?? `PayPal answered ${status}`);
  }

  get issues(): string[] {
    return (this.body.details ?? []).map((d) => d.issue ?? '').filter(Boolean);
  }
}

function refundStatus(status: string): RefundStatus {
  if (status === 'COMPLETED') return 'succeeded';
  if (status === 'FAILED' || status === 'CANCELLED') return 'failed';
  return 'pending';
}

/** Currencies PayPal takes without decimals, though ISO-4217 gives TWD (and HUF) two. */
const PAYPAL_WHOLE_UNITS = new Set(['HUF', 'JPY', 'TWD']);

/** Minor units as PayPal's amount value (`1999` USD → `19.99`, `150000` TWD → `1500`). */
function paypalValue(minor: number, currency: string): string {
  const scale = 10 ** currencyDigits(currency);
  if (!PAYPAL_WHOLE_UNITS.has(currency) || scale === 1) return toDecimal(minor, currency);
  if (minor % scale !== 0)
    throw new ProviderRefusedOrder(
      'PayPal',
      `it takes ${currency} in whole units only, not ${toDecimal(minor, currency)}`,
    );
  return String(minor / scale);
}

/** The capture id a refund's `up` link points to. */
function captureOfRefund(links: PayPalLink[] | undefined): string | null {
  const up = links?.find((l) => l.rel === 'up')?.href;
  return up?.match(/\/captures\/([^/?]+)/)?.[1] ?? null;
}

/**
 * PayPal's Orders v2 and Payments v2 REST API over Node's fetch (a kept-alive undici pool).
 * The official server SDK (@paypal/paypal-server-sdk) has its base URL fixed to PayPal's two
 * environments, so it cannot be pointed at PAYPAL_API_BASE, and it has no webhook
 * verification call; the REST API is PayPal's documented contract either way.
 */
@Injectable()
export class PayPalGateway extends PaymentGateway {
  readonly provider = 'paypal' as const;
  private token: { value: string; expiresAt: number } | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    super();
  }

  assertConfigured(): void {
    const { clientId, clientSecret } = this.config.paypal;
    if (!clientId || !clientSecret)
      throw new ProviderNotConfigured('PayPal', ['PAYPAL_CLIENT_ID', 'PAYPAL_CLIENT_SECRET']);
  }

  private async accessToken(): Promise<string> {
    this.assertConfigured();
    if (this.token && this.token.expiresAt > Date.now() + 60_000) return this.token.value;
    const { clientId, clientSecret } = this.config.paypal;
    const basic = Buffer.from(`${clientId}:${clientSecret}`).toString('base64');
    const body = await this.send<{ access_token: string; expires_in: number }>(
      'POST',
      '/v1/oauth2/token',
      { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      'grant_type=client_credentials',
    );
    this.token = { value: body.access_token, expiresAt: Date.now() + body.expires_in * 1000 };
    return body.access_token;
  }

  private async send<T>(
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: string,
  ): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.config.paypal.apiBase}${path}`, {
        method,
        headers: { accept: 'application/json', ...headers },
        body,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (err) {
      throw new ProviderFailed('PayPal', (err as Error).message);
    }
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      throw new ProviderFailed('PayPal', `answered ${res.status} with a body that is not JSON`);
    }
    if (!res.ok) throw new PayPalApiError(res.status, (parsed ?? {}) as PayPalError);
    return parsed as T;
  }

  /**
   * An authorised JSON call; PayPal-Request-Id makes a retried POST one operation. A token
   * PayPal no longer accepts (revoked, or expired before its expires_in) is replaced and the
   * call made once more: a 401 means PayPal did nothing, so the retry cannot act twice.
   */
  private async api<T>(
    method: string,
    path: string,
    body?: object | { json: string },
    requestId?: string,
  ) {
    const call = async () =>
      this.send<T>(
        method,
        path,
        {
          authorization: `Bearer ${await this.accessToken()}`,
          'content-type': 'application/json',
          ...(requestId ? { 'paypal-request-id': requestId } : {}),
        },
        body === undefined ? undefined : 'json' in body ? body.json : JSON.stringify(body),
      );
    try {
      return await call();
    } catch (err) {
      if (!(err instanceof PayPalApiError && err.status === 401)) throw err;
      this.token = null;
      return call().catch((again: unknown) => {
        if (again instanceof PayPalApiError && again.status === 401) this.token = null;
        throw again;
      });
    }
  }

  private failed(what: string, err: unknown): never {
    if (err instanceof PayPalApiError)
      throw new ProviderFailed('PayPal', `${what}: ${err.status} ${err.message}`);
    throw err;
  }

  async createCheckout(request: CheckoutRequest): Promise<CheckoutCreated> {
    const { order } = request;
    const order_ = await this.api<PayPalOrder>(
      'POST',
      '/v2/checkout/orders',
      {
        intent: 'CAPTURE',
        purchase_units: [
          {
            reference_id: order.id,
            custom_id: order.id,
            invoice_id: `${order.storeId}:${order.number}`,
            amount: {
              currency_code: order.currency,
              value: paypalValue(order.total, order.currency),
            },
          },
        ],
        payment_source: {
          paypal: {
            experience_context: {
              return_url: request.returnUrl,
              cancel_url: request.cancelUrl,
              user_action: 'PAY_NOW',
            },
          },
        },
      },
      request.idempotencyKey ?? undefined,
    ).catch((err: unknown) => {
      // PayPal's refusal of the order itself (a currency it does not take) is the order's
      // problem, not an outage: 422, not 502.
      const refused = ['CURRENCY_NOT_SUPPORTED', 'DECIMALS_NOT_SUPPORTED', 'DECIMAL_PRECISION'];
      if (err instanceof PayPalApiError && err.issues.some((i) => refused.includes(i)))
        throw new ProviderRefusedOrder('PayPal', err.issues.join(', '));
      return this.failed('creating an order', err);
    });
    const approve = order_.links?.find((l) => l.rel === 'approve' || l.rel === 'payer-action');
    if (!approve) throw new ProviderFailed('PayPal', 'the order has no approve link');
    return { checkoutId: order_.id, url: approve.href, providerPaymentId: null };
  }

  async capture(
    checkoutId: string,
    idempotencyKey: string,
    _account: string | null,
  ): Promise<CaptureResult> {
    let order: PayPalOrder;
    try {
      order = await this.api<PayPalOrder>(
        'POST',
        `/v2/checkout/orders/${encodeURIComponent(checkoutId)}/capture`,
        {},
        idempotencyKey,
      );
    } catch (err) {
      if (err instanceof PayPalApiError && err.issues.includes('ORDER_ALREADY_CAPTURED')) {
        order = await this.api<PayPalOrder>(
          'GET',
          `/v2/checkout/orders/${encodeURIComponent(checkoutId)}`,
        ).catch((e: unknown) => this.failed('reading an order', e));
      } else if (
        err instanceof PayPalApiError &&
        err.issues.some((i) => i === 'INSTRUMENT_DECLINED' || i === 'TRANSACTION_REFUSED')
      ) {
        throw new PaymentDeclined(`PayPal declined the payment (${err.issues.join(', ')})`);
      } else if (err instanceof PayPalApiError && err.issues.includes('ORDER_NOT_APPROVED')) {
        throw new PaymentDeclined('The PayPal order is not approved by the payer yet');
      } else {
        return this.failed('capturing an order', err);
      }
    }
    const capture = order.purchase_units?.[0]?.payments?.captures?.[0];
    if (!capture) return { status: 'pending', providerPaymentId: null, amount: null, reason: null };
    const status =
      capture.status === 'COMPLETED'
        ? 'succeeded'
        : capture.status === 'DECLINED' || capture.status === 'FAILED'
          ? 'failed'
          : 'pending';
    return {
      status,
      providerPaymentId: capture.id,
      amount: capture.amount
        ? fromDecimal(capture.amount.value, capture.amount.currency_code)
        : null,
      reason: capture.status_details?.reason ?? null,
    };
  }

  async refund(request: RefundRequest): Promise<RefundResult> {
    const refund = await this.api<{ id: string; status: string }>(
      'POST',
      `/v2/payments/captures/${encodeURIComponent(request.providerPaymentId)}/refund`,
      {
        amount: {
          currency_code: request.currency,
          value: paypalValue(request.amount, request.currency),
        },
      },
      `silkcart-refund-${request.idempotencyKey}`,
    ).catch((err: unknown) => this.failed('refunding', err));
    return { providerRefundId: refund.id, status: refundStatus(refund.status) };
  }

  /** Verified by PayPal itself (verify-webhook-signature) before anything is acted on. */
  async verifyEvent({ rawBody, headers }: WebhookRequest): Promise<VerifiedEvent> {
    const webhookId = this.config.paypal.webhookId;
    if (!webhookId) throw new ProviderNotConfigured('PayPal webhooks', ['PAYPAL_WEBHOOK_ID']);
    const header = (name: string) => {
      const value = headers[name];
      return typeof value === 'string' ? value : '';
    };
    const needed = [
      'paypal-auth-algo',
      'paypal-cert-url',
      'paypal-transmission-id',
      'paypal-transmission-sig',
      'paypal-transmission-time',
    ];
    const missing = needed.filter((h) => !header(h));
    if (missing.length > 0) throw new InvalidWebhook(`Missing ${missing.join(', ')}`);
    let event: PayPalWebhookEvent;
    try {
      event = JSON.parse(rawBody.toString('utf8')) as PayPalWebhookEvent;
    } catch {
      throw new InvalidWebhook('The body is not JSON');
    }
    const verdict = await this.api<{ verification_status: string }>(
      'POST',
      '/v1/notifications/verify-webhook-signature',
      // The event exactly as received: PayPal signed those bytes, not a re-serialised copy.
      {
        json: JSON.stringify({
          auth_algo: header('paypal-auth-algo'),
          cert_url: header('paypal-cert-url'),
          transmission_id: header('paypal-transmission-id'),
          transmission_sig: header('paypal-transmission-sig'),
          transmission_time: header('paypal-transmission-time'),
          webhook_id: webhookId,
          webhook_event: null,
        }).replace(/"webhook_event":null\}$/, `"webhook_event":${rawBody.toString('utf8')}}`),
      },
    ).catch((err: unknown) => this.failed('verifying a webhook', err));
    if (verdict.verification_status !== 'SUCCESS')
      throw new InvalidWebhook('PayPal did not verify the webhook signature');
    if (typeof event?.id !== 'string' || typeof event.event_type !== 'string')
      throw new InvalidWebhook('Not a PayPal webhook event');
    return { id: event.id, type: event.event_type, account: null, fact: factOf(event) };
  }
}

function factOf(event: PayPalWebhookEvent): PaymentFact {
  const resource = event.resource;
  if (!resource?.id) return { kind: 'ignored' };
  const amount = resource.amount
    ? fromDecimal(resource.amount.value, resource.amount.currency_code)
    : null;
  switch (event.event_type) {
    case 'PAYMENT.CAPTURE.COMPLETED':
    case 'PAYMENT.CAPTURE.DENIED':
      return {
        kind: event.event_type === 'PAYMENT.CAPTURE.COMPLETED' ? 'paid' : 'failed',
        checkoutId: resource.supplementary_data?.related_ids?.order_id ?? null,
        providerPaymentId: resource.id,
        orderId: resource.custom_id ?? null,
        storeId: null,
        amount,
        reason: resource.status_details?.reason ?? null,
      };
    case 'PAYMENT.CAPTURE.REFUNDED': {
      const capture = captureOfRefund(resource.links);
      if (!capture || amount === null) return { kind: 'ignored' };
      return {
        kind: 'refunds',
        providerPaymentId: capture,
        refunds: [{ providerRefundId: resource.id, amount, status: refundStatus(resource.status) }],
        amountRefunded: null,
      };
    }
    default:
      return { kind: 'ignored' };
  }
}
