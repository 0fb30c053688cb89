import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import Stripe from 'stripe';
import { closeServer, flatHeaders, listen, readBody } from './http-double';

/**
 * A local Stripe for e2e tests: the v1 endpoints the payments context calls, answered in the
 * shapes of the API version the installed `stripe` SDK pins, with Stripe's errors, idempotency
 * keys and per-account (`Stripe-Account`) scoping. State lives in memory.
 *
 * Where Stripe's documented behaviour differs from a naive reading, the double follows Stripe:
 * - a Checkout Session's `payment_intent` is null until the customer pays (API 2022-08-01:
 *   the PaymentIntent is created when the session is confirmed): read it from the
 *   `checkout.session.completed` event or by retrieving the session afterwards;
 * - a Charge carries no `refunds` list (API 2022-11-15); `amount_refunded` and `refunded` say it;
 * - refunding more than remains answers `charge_already_refunded` when nothing remains, and an
 *   `invalid_request_error` on `amount` with no `code` when part remains;
 * - `payment_intent_data[application_fee_amount]` needs a `Stripe-Account` header (a direct
 *   charge) or `transfer_data[destination]`;
 * - a `Stripe-Account` header naming an account the double never created answers 403.
 * Answers forced by `failNext` stand for failures in front of the API: they are not saved under
 * the idempotency key, so a retry with the same key runs.
 */

export type FormValue = string | FormValue[] | { [key: string]: FormValue };
export type FormParams = { [key: string]: FormValue };

export interface StripeRequest {
  method: string;
  path: string;
  params: FormParams;
  /** Lower-cased names, e.g. `stripe-account`, `idempotency-key`. */
  headers: Record<string, string>;
}

export interface StripeEvent {
  id: string;
  object: 'event';
  account?: string;
  api_version: string;
  created: number;
  data: { object: any; previous_attributes?: Record<string, unknown> };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
}

export interface StripeDouble {
  /** Base URL, e.g. http://127.0.0.1:PORT (STRIPE_API_BASE). */
  url: string;
  port: number;
  requests: StripeRequest[];
  /** The customer pays: session complete and paid, PaymentIntent succeeded with a charge. */
  pay(sessionId: string): { sessionCompleted: StripeEvent; paymentIntentSucceeded: StripeEvent };
  /** The customer's card is declined; the session stays open. */
  failPayment(sessionId: string): StripeEvent;
  /** `charge.refunded` for the charge a refund was made on, as the charge is now. */
  refundedEvent(refundId: string): StripeEvent;
  /** The next refunds answer `pending` (as bank debits do), until settled by `refundUpdatedEvent`. */
  pendingRefundsNext(times?: number): void;
  /** The refund settles (`succeeded` or `failed`): a `charge.refund.updated` event of the refund. */
  refundUpdatedEvent(refundId: string, status: 'succeeded' | 'failed'): StripeEvent;
  accountUpdated(accountId: string, changes: AccountFlags): StripeEvent;
  /** An onboarded (or not) connected account, as if the platform had created it earlier. */
  createAccount(flags?: AccountFlags & { email?: string; country?: string }): string;
  /** The next `times` requests answer `status` in Stripe's error shape. */
  failNext(status: number, times?: number): void;
  /** A `Stripe-Signature` header value, made by the SDK itself. */
  signedHeader(payload: string, secret: string, timestamp?: number): string;
  close(): Promise<void>;
}

export type AccountFlags = Partial<
  Pick<Stripe.Account, 'charges_enabled' | 'payouts_enabled' | 'details_submitted'>
>;

type Session = Partial<Stripe.Checkout.Session> & { id: string; object: 'checkout.session' };
type Intent = Partial<Stripe.PaymentIntent> & { id: string; amount: number; currency: string };
type Charge = Partial<Stripe.Charge> & { id: string; amount: number; amount_refunded: number };
type Refund = Partial<Stripe.Refund> & { id: string; charge: string; amount: number };
type Account = Partial<Stripe.Account> & { id: string; object: 'account' };

interface StripeErrorBody {
  type: string;
  code?: string;
  message: string;
  param?: string;
  doc_url?: string;
  decline_code?: string;
}

class StripeFailure extends Error {
  /** `saved`: Stripe stores the answer under the idempotency key (the endpoint began executing). */
  constructor(
    readonly status: number,
    readonly error: StripeErrorBody,
    readonly saved = true,
  ) {
    super(error.message);
  }
}

interface Ctx {
  method: string;
  path: string;
  params: FormParams;
  /** The connected account (`Stripe-Account`), or null for the platform. */
  scope: string | null;
  key: string;
}

interface Scoped<T> {
  scope: string | null;
  obj: T;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const token = (n: number) => [...randomBytes(n)].map((b) => ALNUM[b % 62]).join('');
const now = () => Math.floor(Date.now() / 1000);
const ZERO_DECIMAL = new Set(['bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga', 'pyg']);
const SYMBOL: Record<string, string> = { usd: '$', eur: '€', gbp: '£' };

/** Parameters Stripe accepts (from the SDK's *CreateParams); any other one is `parameter_unknown`. */
const words = (text: string) => text.trim().split(/\s+/);
const SESSION_PARAMS = words(`
  adaptive_pricing after_expiration allow_promotion_codes automatic_tax billing_address_collection
  cancel_url client_reference_id consent_collection currency custom_fields custom_text customer
  customer_creation customer_email customer_update discounts expand expires_at invoice_creation
  line_items locale metadata mode payment_intent_data payment_method_collection
  payment_method_configuration payment_method_options payment_method_types phone_number_collection
  redirect_on_completion return_url shipping_address_collection shipping_options submit_type
  success_url tax_id_collection ui_mode`);
const LINE_ITEM_PARAMS = words('adjustable_quantity metadata price price_data quantity tax_rates');
const PRICE_DATA_PARAMS = words(`
  currency product product_data recurring tax_behavior unit_amount unit_amount_decimal`);
const PRODUCT_DATA_PARAMS = words('description images metadata name tax_code unit_label');
const PI_DATA_PARAMS = words(`
  application_fee_amount capture_method description metadata on_behalf_of receipt_email
  setup_future_usage shipping statement_descriptor statement_descriptor_suffix transfer_data
  transfer_group`);
const REFUND_PARAMS = words(`
  amount charge expand instructions_email metadata payment_intent reason refund_application_fee
  reverse_transfer`);
const ACCOUNT_PARAMS = words(`
  account_token business_profile business_type capabilities company controller country
  default_currency email expand external_account individual metadata settings tos_acceptance type`);
const ACCOUNT_LINK_PARAMS = words(`
  account collect collection_options expand refresh_url return_url type`);
const ONBOARDING_DUE = words(
  'business_type external_account tos_acceptance.date tos_acceptance.ip',
);

export async function startStripeDouble(): Promise<StripeDouble> {
  const requests: StripeRequest[] = [];
  const sessions = new Map<string, Scoped<Session>>();
  const intents = new Map<string, Scoped<Intent>>();
  const charges = new Map<string, Scoped<Charge>>();
  const refunds = new Map<string, Scoped<Refund & { before: Record<string, unknown> }>>();
  const accounts = new Map<string, Account>();
  const idempotent = new Map<
    string,
    { route: string; params: string; status: number; body: string; requestId: string }
  >();
  const failures: number[] = [];
  let pendingRefunds = 0;
  /** What a session's PaymentIntent will be made with, once the customer submits the session. */
  const pendingIntentData = new Map<
    string,
    Pick<Stripe.PaymentIntent, 'metadata' | 'application_fee_amount' | 'description'>
  >();

  const missing = (what: string, id: string, param: string, status = 404) =>
    new StripeFailure(status, {
      type: 'invalid_request_error',
      code: 'resource_missing',
      doc_url: 'https://stripe.com/docs/error-codes/resource-missing',
      message: `No such ${what}: '${id}'`,
      param,
    });
  const find = <T>(
    map: Map<string, Scoped<T>>,
    id: string,
    scope: string | null,
    what: string,
    param: string,
    status?: number,
  ) => {
    const found = map.get(id);
    if (!found || found.scope !== scope) throw missing(what, id, param, status);
    return found.obj;
  };

  function createSession(ctx: Ctx): Session {
    const p = ctx.params;
    allowOnly(p, SESSION_PARAMS);
    const mode = str(p, 'mode', true);
    if (!['payment', 'setup', 'subscription'].includes(mode)) {
      throw invalid(`Invalid mode: must be one of payment, setup, or subscription`, 'mode');
    }
    if (mode !== 'payment') throw invalid(`The Stripe double answers mode=payment only`, 'mode');
    const items = p.line_items;
    if (items === undefined) throw paramMissing('line_items');
    if (!Array.isArray(items) || items.length === 0) throw invalid('Invalid array', 'line_items');
    let currency: string | null = null;
    let total = 0;
    items.forEach((item, i) => {
      const at = `line_items[${i}]`;
      const li = obj(item, at);
      allowOnly(li, LINE_ITEM_PARAMS, at);
      if (li.price !== undefined) throw missing('price', String(li.price), `${at}[price]`, 400);
      if (li.price_data === undefined) throw paramMissing(`${at}[price_data]`);
      const pd = obj(li.price_data, `${at}[price_data]`);
      allowOnly(pd, PRICE_DATA_PARAMS, `${at}[price_data]`);
      const c = str(pd, 'currency', true, `${at}[price_data]`).toLowerCase();
      if (currency && c !== currency) {
        throw invalid('All line items must have the same currency.', `${at}[price_data][currency]`);
      }
      currency = c;
      const unit = int(pd, 'unit_amount', `${at}[price_data]`, 0, true);
      if (pd.product !== undefined)
        throw missing('product', String(pd.product), `${at}[price_data][product]`, 400);
      if (pd.product_data === undefined) throw paramMissing(`${at}[price_data][product_data]`);
      const prod = obj(pd.product_data, `${at}[price_data][product_data]`);
      allowOnly(prod, PRODUCT_DATA_PARAMS, `${at}[price_data][product_data]`);
      str(prod, 'name', true, `${at}[price_data][product_data]`);
      if (prod.metadata !== undefined)
        metadata(prod.metadata, `${at}[price_data][product_data][metadata]`);
      if (li.quantity === undefined) {
        throw invalid(`Quantity is required. Add \`quantity\` to \`${at}\``, `${at}[quantity]`);
      }
      total += unit * int(li, 'quantity', at, 1, true);
    });
    const pid =
      p.payment_intent_data === undefined ? {} : obj(p.payment_intent_data, 'payment_intent_data');
    allowOnly(pid, PI_DATA_PARAMS, 'payment_intent_data');
    const fee =
      pid.application_fee_amount === undefined
        ? null
        : int(pid, 'application_fee_amount', 'payment_intent_data', 0, true);
    if (fee !== null) {
      const destination =
        typeof pid.transfer_data === 'object' && !Array.isArray(pid.transfer_data)
          ? pid.transfer_data.destination
          : undefined;
      if (!ctx.scope && !destination) {
        throw invalid(
          'Can only apply an application_fee_amount when the PaymentIntent is attempting a direct payment (using an OAuth key or Stripe-Account header) or destination payment (using `transfer_data[destination]`).',
          'payment_intent_data[application_fee_amount]',
        );
      }
      if (fee > total) {
        throw invalid(
          'The application fee cannot exceed the amount of the payment.',
          'payment_intent_data[application_fee_amount]',
        );
      }
    }
    const intentData = {
      metadata:
        pid.metadata === undefined ? {} : metadata(pid.metadata, 'payment_intent_data[metadata]'),
      application_fee_amount: fee,
      description: pid.description === undefined ? null : str(pid, 'description'),
    };
    const sessionMetadata = p.metadata === undefined ? {} : metadata(p.metadata, 'metadata');
    const successUrl = url(p, 'success_url');
    const cancelUrl = url(p, 'cancel_url');
    const id = `cs_test_a1${token(56)}`;
    const created = now();
    const session: Session = {
      id,
      object: 'checkout.session',
      after_expiration: null,
      allow_promotion_codes: null,
      amount_subtotal: total,
      amount_total: total,
      billing_address_collection: null,
      cancel_url: cancelUrl,
      client_reference_id:
        p.client_reference_id === undefined ? null : str(p, 'client_reference_id'),
      client_secret: null,
      created,
      currency,
      customer: null,
      customer_creation: 'if_required',
      customer_details: null,
      customer_email: p.customer_email === undefined ? null : str(p, 'customer_email'),
      expires_at: created + 24 * 3600,
      invoice: null,
      livemode: false,
      locale: null,
      metadata: sessionMetadata,
      mode: 'payment',
      payment_intent: null,
      payment_link: null,
      payment_method_collection: 'if_required',
      payment_method_types: ['card'],
      payment_status: 'unpaid',
      recovered_from: null,
      setup_intent: null,
      shipping_address_collection: null,
      shipping_cost: null,
      shipping_options: [],
      status: 'open',
      submit_type: null,
      subscription: null,
      success_url: successUrl,
      total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
      ui_mode: 'hosted_page',
      url: `https://checkout.stripe.com/c/pay/${id}`,
    };
    sessions.set(id, { scope: ctx.scope, obj: session });
    pendingIntentData.set(id, intentData);
    return session;
  }

  function createRefund(ctx: Ctx): Refund {
    const p = ctx.params;
    allowOnly(p, REFUND_PARAMS);
    let charge: Charge;
    let intent: Intent | null = null;
    if (p.payment_intent !== undefined) {
      intent = find(
        intents,
        str(p, 'payment_intent'),
        ctx.scope,
        'payment_intent',
        'payment_intent',
        400,
      );
      const latest = intent.latest_charge as string | null;
      if (intent.status !== 'succeeded' || !latest) {
        throw invalid(
          `This PaymentIntent (${intent.id}) does not have a successful charge to refund.`,
          'payment_intent',
        );
      }
      charge = find(charges, latest, ctx.scope, 'charge', 'charge', 400);
    } else if (p.charge !== undefined) {
      charge = find(charges, str(p, 'charge'), ctx.scope, 'charge', 'charge', 400);
    } else {
      throw invalid(
        'One of the following params should be provided for this request: payment_intent or charge.',
      );
    }
    const remaining = charge.amount - charge.amount_refunded;
    const amount = p.amount === undefined ? remaining : int(p, 'amount', '', 1);
    if (remaining <= 0) {
      throw new StripeFailure(400, {
        type: 'invalid_request_error',
        code: 'charge_already_refunded',
        doc_url: 'https://stripe.com/docs/error-codes/charge-already-refunded',
        message: `Charge ${charge.id} has already been refunded.`,
      });
    }
    if (amount > remaining) {
      const money = (n: number) => formatMoney(n, charge.currency as string);
      throw new StripeFailure(400, {
        type: 'invalid_request_error',
        message: `Refund amount (${money(amount)}) is greater than unrefunded amount on charge (${money(remaining)})`,
        param: 'amount',
      });
    }
    const refundMetadata = p.metadata === undefined ? {} : metadata(p.metadata, 'metadata');
    const reason = p.reason === undefined ? null : (str(p, 'reason') as Stripe.Refund.Reason);
    const before = { amount_refunded: charge.amount_refunded, refunded: charge.refunded };
    charge.amount_refunded += amount;
    charge.refunded = charge.amount_refunded === charge.amount;
    const refund: Refund = {
      id: `re_3${token(23)}`,
      object: 'refund',
      amount,
      balance_transaction: `txn_3${token(23)}`,
      charge: charge.id,
      created: now(),
      currency: charge.currency,
      customer: null,
      metadata: refundMetadata,
      payment_intent: (charge.payment_intent as string | null) ?? intent?.id ?? null,
      payment_method: charge.payment_method ?? null,
      reason,
      receipt_number: null,
      source_transfer_reversal: null,
      status: pendingRefunds > 0 ? 'pending' : 'succeeded',
      transfer_reversal: null,
    };
    if (pendingRefunds > 0) pendingRefunds--;
    refunds.set(refund.id, { scope: ctx.scope, obj: { ...refund, before } });
    return refund;
  }

  function newAccount(p: FormParams, flags: AccountFlags = {}): Account {
    const type = p.type === undefined ? 'express' : str(p, 'type');
    if (!['express', 'standard', 'custom'].includes(type)) {
      throw invalid('Invalid type: must be one of custom, express, or standard', 'type');
    }
    const caps = p.capabilities === undefined ? {} : obj(p.capabilities, 'capabilities');
    const capabilities: Record<string, 'inactive'> = {};
    for (const [name, value] of Object.entries(caps)) {
      if (obj(value, `capabilities[${name}]`).requested === 'true') capabilities[name] = 'inactive';
    }
    const country = p.country === undefined ? 'US' : str(p, 'country').toUpperCase();
    const account: Account = {
      id: `acct_1${token(15)}`,
      object: 'account',
      business_profile: {
        mcc: null,
        name: null,
        support_email: null,
        support_phone: null,
        support_url: null,
        url: null,
      } as Stripe.Account.BusinessProfile,
      business_type: null,
      capabilities,
      charges_enabled: false,
      country,
      created: now(),
      default_currency: country === 'US' ? 'usd' : 'eur',
      details_submitted: false,
      email: p.email === undefined ? null : str(p, 'email'),
      metadata: p.metadata === undefined ? {} : metadata(p.metadata, 'metadata'),
      payouts_enabled: false,
      type: type as Stripe.Account.Type,
    };
    Object.assign(account, flags);
    setRequirements(account);
    accounts.set(account.id, account);
    return account;
  }
  function setRequirements(account: Account) {
    const done = account.details_submitted && account.charges_enabled;
    const due = done ? [] : ONBOARDING_DUE;
    account.requirements = {
      alternatives: [],
      current_deadline: null,
      currently_due: due,
      disabled_reason: done ? null : 'requirements.past_due',
      errors: [],
      eventually_due: due,
      past_due: due,
      pending_verification: [],
    } as unknown as Stripe.Account.Requirements;
    for (const name of Object.keys(account.capabilities ?? {})) {
      (account.capabilities as Record<string, string>)[name] = account.charges_enabled
        ? 'active'
        : 'inactive';
    }
  }
  const accountFor = (id: string, ctx: Ctx) => {
    const account = accounts.get(id);
    if (!account || (ctx.scope && ctx.scope !== id)) throw noAccess(ctx.key, id);
    return account;
  };

  function createAccountLink(ctx: Ctx): Stripe.AccountLink {
    const p = ctx.params;
    allowOnly(p, ACCOUNT_LINK_PARAMS);
    const account = str(p, 'account', true);
    const type = str(p, 'type', true);
    if (!['account_onboarding', 'account_update'].includes(type)) {
      throw invalid('Invalid type: must be one of account_onboarding or account_update', 'type');
    }
    if (!accounts.has(account)) throw missing('account', account, 'account', 400);
    url(p, 'refresh_url');
    url(p, 'return_url');
    const created = now();
    return {
      object: 'account_link',
      created,
      expires_at: created + 300,
      url: `https://connect.stripe.com/setup/e/${account}/${token(12)}`,
    };
  }

  const routes: Array<{ method: string; path: RegExp; run: (ctx: Ctx, id: string) => any }> = [
    { method: 'POST', path: /^\/v1\/checkout\/sessions$/, run: (ctx) => createSession(ctx) },
    {
      method: 'GET',
      path: /^\/v1\/checkout\/sessions\/([^/]+)$/,
      run: (ctx, id) => find(sessions, id, ctx.scope, 'checkout.session', 'session'),
    },
    {
      method: 'GET',
      path: /^\/v1\/payment_intents\/([^/]+)$/,
      run: (ctx, id) => find(intents, id, ctx.scope, 'payment_intent', 'intent'),
    },
    { method: 'POST', path: /^\/v1\/refunds$/, run: (ctx) => createRefund(ctx) },
    {
      method: 'GET',
      path: /^\/v1\/refunds\/([^/]+)$/,
      run: (ctx, id) => withoutBefore(find(refunds, id, ctx.scope, 'refund', 'refund')),
    },
    {
      method: 'POST',
      path: /^\/v1\/accounts$/,
      run: (ctx) => (allowOnly(ctx.params, ACCOUNT_PARAMS), newAccount(ctx.params)),
    },
    { method: 'GET', path: /^\/v1\/accounts\/([^/]+)$/, run: (ctx, id) => accountFor(id, ctx) },
    { method: 'POST', path: /^\/v1\/account_links$/, run: (ctx) => createAccountLink(ctx) },
  ];

  const EXPANDABLE: Record<
    string,
    Record<string, (id: string, scope: string | null) => unknown>
  > = {
    'checkout.session': {
      payment_intent: (id, s) => find(intents, id, s, 'payment_intent', 'intent'),
    },
    payment_intent: { latest_charge: (id, s) => find(charges, id, s, 'charge', 'charge') },
    refund: {
      charge: (id, s) => find(charges, id, s, 'charge', 'charge'),
      payment_intent: (id, s) => find(intents, id, s, 'payment_intent', 'intent'),
    },
  };
  function expand(result: any, ctx: Ctx) {
    const wanted = ctx.params.expand;
    if (wanted === undefined) return result;
    const out = structuredClone(result);
    (Array.isArray(wanted) ? wanted : [wanted]).forEach((field, i) => {
      const expander = EXPANDABLE[out.object]?.[String(field)];
      if (!expander)
        throw invalid(`This property cannot be expanded (${String(field)}).`, `expand[${i}]`);
      const id = out[String(field)];
      if (typeof id === 'string') out[String(field)] = structuredClone(expander(id, ctx.scope));
    });
    return out;
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const body = await readBody(req);
    const headers = flatHeaders(req);
    const target = new URL(req.url ?? '/', 'http://stripe.local');
    const method = req.method ?? 'GET';
    const requestId = `req_${token(14)}`;
    const key = headers['idempotency-key'] ?? null;
    const answer = (status: number, payload: unknown, extra: Record<string, string> = {}) => {
      const text = typeof payload === 'string' ? payload : JSON.stringify(payload, null, 2);
      res.writeHead(status, {
        'content-type': 'application/json',
        'request-id': requestId,
        'stripe-version': headers['stripe-version'] ?? Stripe.API_VERSION,
        ...(key ? { 'idempotency-key': key } : {}),
        ...extra,
      });
      res.end(text);
      return text;
    };
    let params: FormParams = {};
    try {
      params = parseStripeForm(method === 'GET' ? target.search.slice(1) : body);
    } catch (e) {
      if (!(e instanceof StripeFailure)) throw e;
      requests.push({ method, path: target.pathname, params, headers });
      answer(e.status, { error: e.error });
      return;
    }
    requests.push({ method, path: target.pathname, params, headers });

    const forced = failures.shift();
    if (forced !== undefined) {
      answer(forced, { error: forcedError(forced) });
      return;
    }
    const auth = /^Bearer ((?:sk|rk)_(?:test|live)_\S+)$/.exec(headers.authorization ?? '');
    if (!auth) {
      const given = /^Bearer (\S+)$/.exec(headers.authorization ?? '')?.[1];
      answer(401, {
        error: {
          type: 'invalid_request_error',
          message: given
            ? `Invalid API Key provided: ${given.slice(0, 8)}${'*'.repeat(Math.max(0, given.length - 12))}${given.slice(-4)}`
            : "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
        },
      });
      return;
    }
    const scope = headers['stripe-account'] ?? null;
    if (scope !== null && !accounts.has(scope)) {
      const e = noAccess(auth[1], scope);
      answer(e.status, { error: e.error });
      return;
    }
    const ctx: Ctx = { method, path: target.pathname, params, scope, key: auth[1] };
    const route = `${method} ${target.pathname}`;
    const storeKey = method === 'POST' && key ? `${scope ?? 'platform'}|${key}` : null;
    const saved = storeKey ? idempotent.get(storeKey) : undefined;
    if (saved) {
      if (saved.route !== route) {
        answer(400, {
          error: {
            type: 'idempotency_error',
            message: `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${saved.route}' vs '${route}'). Try using a key other than '${key}' if you meant to execute a different request.`,
          },
        });
      } else if (saved.params !== canonical(params)) {
        answer(400, {
          error: {
            type: 'idempotency_error',
            message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
          },
        });
      } else {
        answer(saved.status, saved.body, {
          'idempotent-replayed': 'true',
          'original-request': saved.requestId,
        });
      }
      return;
    }
    const matched = routes
      .filter((r) => r.method === method)
      .map((r) => ({ r, m: r.path.exec(target.pathname) }))
      .find((x) => x.m);
    let status = 200;
    let payload: unknown;
    let save = true;
    try {
      if (!matched) {
        throw new StripeFailure(
          404,
          {
            type: 'invalid_request_error',
            message: `Unrecognized request URL (${method}: ${target.pathname}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
          },
          false,
        );
      }
      payload = expand(matched.r.run(ctx, decodeURIComponent(matched.m?.[1] ?? '')), ctx);
    } catch (e) {
      if (!(e instanceof StripeFailure)) throw e;
      status = e.status;
      payload = { error: e.error };
      save = e.saved;
    }
    const text = answer(status, payload);
    if (storeKey && save) {
      idempotent.set(storeKey, { route, params: canonical(params), status, body: text, requestId });
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { type: 'api_error', message: String(e) } }));
    });
  });
  const port = await listen(server);

  const event = (
    type: string,
    object: unknown,
    scope: string | null,
    previous?: Record<string, unknown>,
  ): StripeEvent => ({
    id: `evt_3${token(23)}`,
    object: 'event',
    ...(scope ? { account: scope } : {}),
    api_version: Stripe.API_VERSION,
    created: now(),
    data: {
      object: structuredClone(object),
      ...(previous ? { previous_attributes: previous } : {}),
    },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  });

  /** The PaymentIntent Checkout creates when the customer first submits the session. */
  function intentFor(entry: Scoped<Session>): Intent {
    const session = entry.obj;
    if (session.payment_intent) return intents.get(session.payment_intent as string)!.obj;
    const data = pendingIntentData.get(session.id)!;
    const id = `pi_3${token(23)}`;
    const intent: Intent = {
      id,
      object: 'payment_intent',
      amount: session.amount_total as number,
      amount_capturable: 0,
      amount_received: 0,
      application: null,
      application_fee_amount: data.application_fee_amount,
      automatic_payment_methods: null,
      canceled_at: null,
      cancellation_reason: null,
      capture_method: 'automatic_async',
      client_secret: `${id}_secret_${token(25)}`,
      confirmation_method: 'automatic',
      created: now(),
      currency: session.currency as string,
      customer: null,
      description: data.description,
      last_payment_error: null,
      latest_charge: null,
      livemode: false,
      metadata: data.metadata,
      next_action: null,
      on_behalf_of: null,
      payment_method: null,
      payment_method_types: ['card'],
      processing: null,
      receipt_email: session.customer_email ?? null,
      review: null,
      setup_future_usage: null,
      shipping: null,
      source: null,
      statement_descriptor: null,
      statement_descriptor_suffix: null,
      status: 'requires_payment_method',
      transfer_data: null,
      transfer_group: null,
    };
    intents.set(id, { scope: entry.scope, obj: intent });
    session.payment_intent = id;
    return intent;
  }
  function newCharge(intent: Intent, scope: string | null, ok: boolean): Charge {
    const paymentMethod = `pm_1${token(23)}`;
    const charge: Charge = {
      id: `ch_3${token(23)}`,
      object: 'charge',
      amount: intent.amount,
      amount_captured: ok ? intent.amount : 0,
      amount_refunded: 0,
      application_fee_amount: intent.application_fee_amount ?? null,
      balance_transaction: ok ? `txn_3${token(23)}` : null,
      captured: ok,
      created: now(),
      currency: intent.currency,
      customer: null,
      description: intent.description ?? null,
      disputed: false,
      failure_code: ok ? null : 'card_declined',
      failure_message: ok ? null : 'Your card was declined.',
      livemode: false,
      metadata: intent.metadata ?? {},
      outcome: {
        network_status: ok ? 'approved_by_network' : 'declined_by_network',
        reason: ok ? null : 'generic_decline',
        risk_level: 'normal',
        seller_message: ok
          ? 'Payment complete.'
          : 'The bank did not return any further details with this decline.',
        type: ok ? 'authorized' : 'issuer_declined',
      } as Stripe.Charge.Outcome,
      paid: ok,
      payment_intent: intent.id,
      payment_method: paymentMethod,
      receipt_url: null,
      refunded: false,
      status: ok ? 'succeeded' : 'failed',
    };
    charges.set(charge.id, { scope, obj: charge });
    return charge;
  }
  const sessionEntry = (sessionId: string) => {
    const entry = sessions.get(sessionId);
    if (!entry) throw new Error(`stripe double: no checkout session ${sessionId}`);
    if (entry.obj.status !== 'open')
      throw new Error(`stripe double: session ${sessionId} is ${entry.obj.status}`);
    return entry;
  };

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    pay(sessionId) {
      const entry = sessionEntry(sessionId);
      const session = entry.obj;
      const intent = intentFor(entry);
      const charge = newCharge(intent, entry.scope, true);
      Object.assign(intent, {
        status: 'succeeded',
        amount_received: intent.amount,
        last_payment_error: null,
        latest_charge: charge.id,
        payment_method: charge.payment_method,
      });
      Object.assign(session, {
        status: 'complete',
        payment_status: 'paid',
        url: null,
        customer_details: {
          address: null,
          business_name: null,
          email: session.customer_email ?? 'buyer@example.com',
          individual_name: 'Test Buyer',
          name: 'Test Buyer',
          phone: null,
          tax_exempt: 'none',
          tax_ids: [],
        },
      });
      return {
        sessionCompleted: event('checkout.session.completed', session, entry.scope),
        paymentIntentSucceeded: event('payment_intent.succeeded', intent, entry.scope),
      };
    },
    failPayment(sessionId) {
      const entry = sessionEntry(sessionId);
      const intent = intentFor(entry);
      const charge = newCharge(intent, entry.scope, false);
      Object.assign(intent, {
        status: 'requires_payment_method',
        latest_charge: charge.id,
        payment_method: null,
        last_payment_error: {
          type: 'card_error',
          code: 'card_declined',
          decline_code: 'generic_decline',
          charge: charge.id,
          doc_url: 'https://stripe.com/docs/error-codes/card-declined',
          message: 'Your card was declined.',
        },
      });
      return event('payment_intent.payment_failed', intent, entry.scope);
    },
    pendingRefundsNext(times = 1) {
      pendingRefunds = times;
    },
    refundUpdatedEvent(refundId, status) {
      const entry = refunds.get(refundId);
      if (!entry) throw new Error(`stripe double: no refund ${refundId}`);
      const previous = { status: entry.obj.status };
      if (status === 'failed' && entry.obj.status !== 'failed') {
        // A failed refund gives its amount back to the charge, as Stripe does.
        const charge = charges.get(entry.obj.charge as string)!.obj;
        charge.amount_refunded -= entry.obj.amount;
        charge.refunded = false;
      }
      entry.obj.status = status;
      const { before: _before, ...refund } = entry.obj;
      return event('charge.refund.updated', refund, entry.scope, previous);
    },
    refundedEvent(refundId) {
      const entry = refunds.get(refundId);
      if (!entry) throw new Error(`stripe double: no refund ${refundId}`);
      const charge = charges.get(entry.obj.charge)!.obj;
      return event('charge.refunded', charge, entry.scope, entry.obj.before);
    },
    accountUpdated(accountId, changes) {
      const account = accounts.get(accountId);
      if (!account) throw new Error(`stripe double: no account ${accountId}`);
      const previous: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(changes)) {
        const old = account[name as keyof AccountFlags];
        if (old !== value) previous[name] = old;
      }
      Object.assign(account, changes);
      setRequirements(account);
      return event('account.updated', account, accountId, previous);
    },
    createAccount(flags = {}) {
      const { email, country, ...rest } = flags;
      return newAccount(
        {
          type: 'express',
          ...(email ? { email } : {}),
          ...(country ? { country } : {}),
          capabilities: { card_payments: { requested: 'true' }, transfers: { requested: 'true' } },
        },
        rest,
      ).id;
    },
    failNext(status, times = 1) {
      for (let i = 0; i < times; i++) failures.push(status);
    },
    signedHeader(payload, secret, timestamp) {
      return Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });
    },
    close: () => closeServer(server),
  };

  function withoutBefore(refund: Refund & { before: unknown }): Refund {
    const { before: _before, ...rest } = refund;
    return rest;
  }
}

/** Stripe's form encoding: `a[b][0][c]=v` nests, all-index objects become arrays, values stay strings. */
export function parseStripeForm(text: string): FormParams {
  const root: Record<string, any> = {};
  for (const pair of text.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const key = decodeForm(eq < 0 ? pair : pair.slice(0, eq));
    const value = decodeForm(eq < 0 ? '' : pair.slice(eq + 1));
    const m = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
    if (!m) throw invalid(`Invalid parameter name: ${key}`);
    const path = [m[1], ...[...m[2].matchAll(/\[([^[\]]*)\]/g)].map((x) => x[1])];
    if (path.some((seg) => seg === '__proto__' || seg === 'constructor')) continue;
    let node = root;
    path.forEach((seg, i) => {
      const name = seg === '' ? String(Object.keys(node).length) : seg;
      if (i === path.length - 1) {
        node[name] = value;
        return;
      }
      if (typeof node[name] !== 'object') node[name] = {};
      node = node[name];
    });
  }
  return arrayify(root) as FormParams;
}

function arrayify(value: any): FormValue {
  if (typeof value === 'string') return value;
  const keys = Object.keys(value);
  const out: Record<string, FormValue> = {};
  for (const k of keys) out[k] = arrayify(value[k]);
  if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) {
    return keys.sort((a, b) => Number(a) - Number(b)).map((k) => out[k]);
  }
  return out;
}

function decodeForm(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    throw invalid(`Invalid URL encoding: ${s}`);
  }
}

function canonical(value: FormValue): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  return `{${Object.keys(value)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
    .join(',')}}`;
}

const invalid = (message: string, param?: string, code?: string) =>
  new StripeFailure(
    400,
    {
      type: 'invalid_request_error',
      message,
      ...(code ? { code } : {}),
      ...(param ? { param } : {}),
    },
    false,
  );
const paramMissing = (param: string) =>
  invalid(`Missing required param: ${param}.`, param, 'parameter_missing');

function noAccess(key: string, account: string) {
  return new StripeFailure(403, {
    type: 'invalid_request_error',
    code: 'account_invalid',
    doc_url: 'https://stripe.com/docs/error-codes/account-invalid',
    message: `The provided key '${key.slice(0, 8)}${'*'.repeat(Math.max(0, key.length - 12))}${key.slice(-4)}' does not have access to account '${account}' (or that account does not exist). Application access may have been revoked.`,
  });
}

function forcedError(status: number): StripeErrorBody {
  if (status === 402)
    return {
      type: 'card_error',
      code: 'card_declined',
      decline_code: 'generic_decline',
      message: 'Your card was declined.',
    };
  if (status === 429)
    return {
      type: 'invalid_request_error',
      code: 'rate_limit',
      message:
        'Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.',
    };
  if (status >= 500) return { type: 'api_error', message: 'An unknown error occurred' };
  return {
    type: 'invalid_request_error',
    message: `Forced ${status} answer from the Stripe double`,
  };
}

function allowOnly(params: { [key: string]: FormValue }, allowed: string[], at = '') {
  for (const name of Object.keys(params)) {
    if (!allowed.includes(name)) {
      const full = at ? `${at}[${name}]` : name;
      throw invalid(`Received unknown parameter: ${full}`, full, 'parameter_unknown');
    }
  }
}

function obj(value: FormValue, at: string): { [key: string]: FormValue } {
  if (typeof value !== 'object' || Array.isArray(value)) throw invalid(`Invalid object`, at);
  return value;
}

function str(
  params: { [key: string]: FormValue },
  name: string,
  required = false,
  at = '',
): string {
  const full = at ? `${at}[${name}]` : name;
  const value = params[name];
  if (value === undefined || value === '') {
    if (required) throw paramMissing(full);
    return '';
  }
  if (typeof value !== 'string') throw invalid(`Invalid string: ${JSON.stringify(value)}`, full);
  return value;
}

function int(
  params: { [key: string]: FormValue },
  name: string,
  at: string,
  min: number,
  required = false,
): number {
  const full = at ? `${at}[${name}]` : name;
  const raw = str(params, name, required, at);
  if (!/^-?\d+$/.test(raw))
    throw invalid(`Invalid integer: ${raw}`, full, 'parameter_invalid_integer');
  const n = Number(raw);
  if (n < min) {
    throw min === 1
      ? invalid('Invalid positive integer', full, 'parameter_invalid_integer')
      : invalid(
          `This value must be greater than or equal to ${min}.`,
          full,
          'parameter_invalid_integer',
        );
  }
  return n;
}

function url(params: { [key: string]: FormValue }, name: string): string | null {
  if (params[name] === undefined) return null;
  const value = str(params, name);
  try {
    new URL(value);
  } catch {
    throw invalid('Not a valid URL', name, 'url_invalid');
  }
  return value;
}

function metadata(value: FormValue, at: string): Record<string, string> {
  if (value === '') return {};
  const entries = Object.entries(obj(value, at));
  if (entries.length > 50)
    throw invalid('Invalid metadata: metadata cannot have more than 50 keys', at);
  const out: Record<string, string> = {};
  for (const [k, v] of entries) {
    if (typeof v !== 'string') throw invalid(`Invalid metadata value for ${k}`, `${at}[${k}]`);
    if (k.length > 40) throw invalid('Metadata keys can have up to 40 characters', `${at}[${k}]`);
    if (v.length > 500)
      throw invalid('Metadata values can have up to 500 characters', `${at}[${k}]`);
    out[k] = v;
  }
  return out;
}

function formatMoney(amount: number, currency: string): string {
  const value = ZERO_DECIMAL.has(currency) ? String(amount) : (amount / 100).toFixed(2);
  return SYMBOL[currency] ? `${SYMBOL[currency]}${value}` : `${value} ${currency.toUpperCase()}`;
}
