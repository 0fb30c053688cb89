import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { closeServer, listen, readBody } from './http-double';

/**
 * A local Twilio REST API for e2e tests: `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`
 * (and `GET …/Messages/{Sid}.json`), with HTTP Basic auth by account SID and auth token,
 * Twilio's form parameters and its `{ code, message, more_info, status }` errors. State lives
 * in memory.
 *
 * Point the twilio SDK (6.x) at it: every resource of the `api` domain (messages, calls, …)
 * builds its URL from `client.api.baseUrl`, which is a plain property:
 *
 *   import twilio from 'twilio';
 *
 *   const client = twilio(accountSid, authToken);
 *   client.api.baseUrl = process.env.TWILIO_API_BASE; // e.g. http://127.0.0.1:PORT
 *   await client.messages.create({ to, from, body });
 *
 * `edge`/`region` (or TWILIO_EDGE/TWILIO_REGION in the environment) only rewrite the host of
 * api.twilio.com; leave them unset with a base URL, or the SDK rewrites its host as well.
 *
 * Behaviours taken from Twilio's documentation:
 * - 201 with the Message resource: `status` `queued` and `num_segments` counted from the body
 *   (GSM-7: 160 characters, 153 a segment; otherwise UCS-2: 70, 67 a segment); with a
 *   `MessagingServiceSid` and no `From`, `status` is `accepted`, `from` null, `num_segments` 0;
 * - `To` must be E.164 (or a `whatsapp:` address of one): 21211 otherwise; no `To` is 21604,
 *   neither `From` nor `MessagingServiceSid` 21603, no `Body`/`MediaUrl`/`ContentSid` 21602,
 *   a body over 1,600 characters 21617, `To` equal to `From` 21266;
 * - the test-credential magic `To` numbers: +15005550001 (21211), +15005550002 (21612),
 *   +15005550003 (21408), +15005550004 (21610), +15005550009 (21614);
 * - bad credentials, or an account path other than the caller's, are 401 with code 20003.
 * Answers forced by `failNext` stand for failures in front of the API: nothing is recorded.
 */

export interface TwilioDoubleOptions {
  /** `AC` followed by 32 hex digits; a random one by default. */
  accountSid?: string;
  authToken?: string;
}

/** The 2010-04-01 Message resource, as Twilio answers it (snake_case, counts as strings). */
export interface TwilioMessageResource {
  account_sid: string;
  api_version: '2010-04-01';
  body: string;
  date_created: string;
  date_sent: string | null;
  date_updated: string;
  direction: 'outbound-api';
  error_code: number | null;
  error_message: string | null;
  from: string | null;
  messaging_service_sid: string | null;
  num_media: string;
  num_segments: string;
  price: string | null;
  price_unit: string;
  sid: string;
  status: 'queued' | 'accepted';
  subresource_uris: { media: string };
  to: string;
  uri: string;
}

export interface TwilioErrorBody {
  code: number;
  message: string;
  more_info: string;
  status: number;
}

export interface TwilioDouble {
  /** Base URL, e.g. http://127.0.0.1:PORT (TWILIO_API_BASE). */
  url: string;
  accountSid: string;
  authToken: string;
  /** Created messages, oldest first. */
  messages: TwilioMessageResource[];
  /** The next `times` API calls answer `status` in Twilio's error shape. */
  failNext(status: number, times?: number): void;
  close(): Promise<void>;
}

class TwilioFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

const MESSAGES = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/;
const MESSAGE = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\/([^/]+)\.json$/;
const E164 = /^\+[1-9]\d{1,14}$/;
const SHORT_CODE = /^\d{5,6}$/;
const ALPHANUMERIC_ID = /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/;
const MAX_BODY = 1600;
const MAGIC_TO: Record<string, [number, string]> = {
  '+15005550001': [21211, "The 'To' number +15005550001 is not a valid phone number."],
  '+15005550002': [
    21612,
    "The 'To' phone number: +15005550002, is not currently reachable using the 'From' phone number via SMS.",
  ],
  '+15005550003': [
    21408,
    "Permission to send an SMS has not been enabled for the region indicated by the 'To' number: +15005550003.",
  ],
  '+15005550004': [21610, 'Attempt to send to unsubscribed recipient'],
  '+15005550009': [21614, "'To' number is not a valid mobile number"],
};
const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Authenticate',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};
// The GSM 03.38 alphabet; the extension table's characters take two septets.
const GSM7 = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM7_EXTENSION = new Set('^{}\\[~]|€\f');

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
/** RFC 2822 in GMT, as Twilio writes it: `Thu, 24 Aug 2023 05:01:45 +0000`. */
const rfc2822 = (d: Date) => d.toUTCString().replace('GMT', '+0000');

export async function startTwilioDouble(opts: TwilioDoubleOptions = {}): Promise<TwilioDouble> {
  const accountSid = opts.accountSid ?? `AC${hex(16)}`;
  const authToken = opts.authToken ?? hex(16);
  const expectedAuth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
  const messages: TwilioMessageResource[] = [];
  const failures: number[] = [];

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) return;
      if (err instanceof TwilioFailure) return fail(res, err.status, err.code, err.message);
      fail(res, 500, 20500, String(err));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const raw = await readBody(req);
    const create = MESSAGES.exec(path);
    const fetch = MESSAGE.exec(path);
    const route =
      create && req.method === 'POST' ? create : fetch && req.method === 'GET' ? fetch : null;
    if (!route) throw notFound(path);

    const failure = failures.shift();
    if (failure !== undefined) {
      throw new TwilioFailure(failure, 20000 + failure, STATUS_TEXT[failure] ?? 'Error');
    }

    if (req.headers.authorization !== expectedAuth || route[1] !== accountSid) {
      res.setHeader('WWW-Authenticate', 'Basic realm="Twilio API"');
      throw new TwilioFailure(401, 20003, 'Authenticate');
    }

    if (route === fetch) {
      const message = messages.find((m) => m.sid === fetch[2]);
      if (!message) throw notFound(path);
      return json(res, 200, message);
    }

    const params = new URLSearchParams(raw);
    json(res, 201, createMessage(params));
  }

  function createMessage(params: URLSearchParams): TwilioMessageResource {
    const to = params.get('To');
    const from = params.get('From');
    const serviceSid = params.get('MessagingServiceSid');
    const body = params.get('Body') ?? '';
    const media = params.getAll('MediaUrl');

    if (!to) throw invalid(21604, "A 'To' phone number is required.");
    const toNumber = to.replace(/^whatsapp:/, '');
    if (!E164.test(toNumber)) {
      throw invalid(21211, `The 'To' number ${to} is not a valid phone number.`);
    }
    if (!from && !serviceSid) throw invalid(21603, "A 'From' phone number is required.");
    if (from && !isSender(from)) {
      throw invalid(
        21212,
        `The 'From' number ${from} is not a valid phone number, shortcode, or alphanumeric sender ID.`,
      );
    }
    if (serviceSid && !/^MG[0-9a-f]{32}$/.test(serviceSid)) {
      throw invalid(21701, `The Messaging Service Sid ${serviceSid} is invalid.`);
    }
    if (from && from === to) throw invalid(21266, "'To' and 'From' number cannot be the same");
    if (!body && media.length === 0 && !params.get('ContentSid')) {
      throw invalid(21602, 'Message body is required.');
    }
    if ([...body].length > MAX_BODY) {
      throw invalid(21617, 'The concatenated message body exceeds the 1600 character limit.');
    }
    const magic = MAGIC_TO[to];
    if (magic) throw invalid(...magic);

    const sid = `SM${hex(16)}`;
    const uri = `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`;
    const now = rfc2822(new Date());
    const viaService = !from;
    const message: TwilioMessageResource = {
      account_sid: accountSid,
      api_version: '2010-04-01',
      body,
      date_created: now,
      date_sent: null,
      date_updated: now,
      direction: 'outbound-api',
      error_code: null,
      error_message: null,
      from: from || null,
      messaging_service_sid: serviceSid || null,
      num_media: String(media.length),
      num_segments: viaService ? '0' : String(segments(body)),
      price: null,
      price_unit: 'USD',
      sid,
      status: viaService ? 'accepted' : 'queued',
      subresource_uris: { media: uri.replace(/\.json$/, '/Media.json') },
      to,
      uri,
    };
    messages.push(message);
    return message;
  }

  const port = await listen(server);

  return {
    url: `http://127.0.0.1:${port}`,
    accountSid,
    authToken,
    messages,
    failNext(status, times = 1) {
      for (let i = 0; i < times; i++) failures.push(status);
    },
    close: () => closeServer(server),
  };
}

/** SMS segments Twilio bills for `body` (no Smart Encoding). */
export function segments(body: string): number {
  const chars = [...body];
  if (chars.every((c) => GSM7.has(c) || GSM7_EXTENSION.has(c))) {
    const septets = chars.reduce((n, c) => n + (GSM7_EXTENSION.has(c) ? 2 : 1), 0);
    return septets <= 160 ? 1 : Math.ceil(septets / 153);
  }
  const units = body.length; // UTF-16 code units: a character outside the BMP takes two
  return units <= 70 ? 1 : Math.ceil(units / 67);
}

function isSender(from: string): boolean {
  const address = from.replace(/^whatsapp:/, '');
  return E164.test(address) || SHORT_CODE.test(address) || ALPHANUMERIC_ID.test(address);
}

function invalid(code: number, message: string): TwilioFailure {
  return new TwilioFailure(400, code, message);
}

function notFound(path: string): TwilioFailure {
  return new TwilioFailure(404, 20404, `The requested resource ${path} was not found`);
}

function fail(res: ServerResponse, status: number, code: number, message: string): void {
  const body: TwilioErrorBody = {
    code,
    message,
    more_info: `https://www.twilio.com/docs/errors/${code}`,
    status,
  };
  json(res, status, body);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}
