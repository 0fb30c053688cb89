import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { closeServer, flatHeaders, listen, readBody } from './http-double';

/**
 * A local SendGrid for e2e tests: v3 `POST /v3/mail/send`, with SendGrid's bearer auth, body
 * validation and `{ errors: [{ message, field, help }] }` answers. State lives in memory.
 *
 * Point @sendgrid/mail at it (@sendgrid/client 8.1.6, a dependency of @sendgrid/mail):
 *
 *   import { Client } from '@sendgrid/client';
 *   import { MailService } from '@sendgrid/mail';
 *
 *   const client = new Client();
 *   client.setApiKey(apiKey); // resets baseUrl to https://api.sendgrid.com/: set the base after
 *   client.setDefaultRequest('baseUrl', double.url); // e.g. a SENDGRID_API_BASE setting
 *   const mail = new MailService();
 *   mail.setClient(client);
 *   const [response] = await mail.send(msg); // response.headers['x-message-id']
 *
 * The `@sendgrid/mail` default export is a MailService holding its own `new Client()`, not the
 * `@sendgrid/client` default export, so `require('@sendgrid/client').setDefaultRequest(…)` does
 * not reach it; `setDataResidency()` also resets the base URL.
 *
 * Behaviours taken from SendGrid's documentation:
 * - 202 with an empty body and `X-Message-Id` when the message is queued; 200 and nothing
 *   queued when `mail_settings.sandbox_mode.enable` is true;
 * - every validation error of the body is reported at once, each 400 error naming its field
 *   (`personalizations.0.to`, `content.1.value`, …) and linking to the errors page;
 * - `subject` may instead be set on every personalization, and `template_id` makes `subject`
 *   and `content` optional; text/plain comes first, then text/html, each at most once;
 * - `headers` and `custom_args` values must be strings; reserved headers are refused.
 * Answers forced by `failNext` stand for failures in front of the API: nothing is recorded.
 */

export const SENDGRID_TEST_API_KEY = 'SG.silkcart-test.double-key';

export interface SendGridAddress {
  email: string;
  name?: string;
}

export interface SendGridPersonalization {
  to: SendGridAddress[];
  cc?: SendGridAddress[];
  bcc?: SendGridAddress[];
  subject?: string;
  headers?: Record<string, string>;
  custom_args?: Record<string, string>;
  substitutions?: Record<string, string>;
  dynamic_template_data?: Record<string, unknown>;
  send_at?: number;
}

export interface SendGridContent {
  type: string;
  value: string;
}

/** The documented body, snake-cased as the SDK sends it (`reply_to`, `custom_args`). */
export interface SendGridMailBody {
  personalizations: SendGridPersonalization[];
  from: SendGridAddress;
  reply_to?: SendGridAddress;
  reply_to_list?: SendGridAddress[];
  subject?: string;
  content?: SendGridContent[];
  headers?: Record<string, string>;
  custom_args?: Record<string, string>;
  categories?: string[];
  template_id?: string;
  mail_settings?: Record<string, unknown>;
  tracking_settings?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface SendGridMessage {
  /** The `X-Message-Id` the double answered. */
  id: string;
  body: SendGridMailBody;
  /** Request headers, lower-cased names. */
  headers: Record<string, string>;
  receivedAt: Date;
}

export interface SendGridError {
  message: string;
  field: string | null;
  help: string | null;
}

export interface SendGridDoubleOptions {
  /** The one key accepted as `Authorization: Bearer <key>`; SENDGRID_TEST_API_KEY by default. */
  apiKey?: string;
}

export interface SendGridDouble {
  /** Base URL, e.g. http://127.0.0.1:PORT (the client's `baseUrl`). */
  url: string;
  apiKey: string;
  /** Accepted (202) messages, oldest first. */
  messages: SendGridMessage[];
  /** The next `times` mail sends answer `status` in SendGrid's error shape. */
  failNext(status: number, times?: number): void;
  close(): Promise<void>;
}

const HELP = 'http://sendgrid.com/docs/API_Reference/Web_API_v3/Mail/errors.html#message.';
const RESERVED_HEADERS = [
  'x-sg-id',
  'x-sg-eid',
  'received',
  'dkim-signature',
  'content-type',
  'content-transfer-encoding',
  'to',
  'from',
  'subject',
  'reply-to',
  'cc',
  'bcc',
];
const FAILURE_MESSAGES: Record<number, string> = {
  400: 'Bad Request',
  401: 'The provided authorization grant is invalid, expired, or revoked',
  403: 'access forbidden',
  413: 'Payload Too Large',
  429: 'too many requests',
  500: 'internal server error',
  502: 'bad gateway',
  503: 'service unavailable',
};
const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+$/;

export async function startSendGridDouble(
  opts: SendGridDoubleOptions = {},
): Promise<SendGridDouble> {
  const apiKey = opts.apiKey ?? SENDGRID_TEST_API_KEY;
  const messages: SendGridMessage[] = [];
  const failures: number[] = [];

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) answer(res, 500, [error(String(err))]);
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== '/v3/mail/send') return answer(res, 404, [error('resource not found')]);
    if (req.method !== 'POST') return answer(res, 405, [error('method not allowed')]);
    const raw = await readBody(req);

    const failure = failures.shift();
    if (failure !== undefined) {
      return answer(res, failure, [error(FAILURE_MESSAGES[failure] ?? 'internal server error')]);
    }

    const auth = req.headers.authorization;
    if (!auth) return answer(res, 401, [error('authorization required')]);
    if (auth !== `Bearer ${apiKey}`) return answer(res, 401, [error(FAILURE_MESSAGES[401])]);

    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
      return answer(res, 415, [error('Content-Type should be application/json.')]);
    }
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return answer(res, 400, [error('Bad Request')]);
    }
    const errors = validate(body);
    if (errors.length) return answer(res, 400, errors);

    const mail = body as SendGridMailBody;
    const sandbox = mail.mail_settings?.sandbox_mode as { enable?: unknown } | undefined;
    if (sandbox?.enable === true) return answer(res, 200);

    const id = randomBytes(16).toString('base64url');
    messages.push({ id, body: mail, headers: flatHeaders(req), receivedAt: new Date() });
    res.setHeader('X-Message-Id', id);
    answer(res, 202);
  }

  const port = await listen(server);

  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    messages,
    failNext(status, times = 1) {
      for (let i = 0; i < times; i++) failures.push(status);
    },
    close: () => closeServer(server),
  };
}

/** Every documented 400 the body earns, in SendGrid's order: personalizations, from, content. */
function validate(body: unknown): SendGridError[] {
  if (!isObject(body)) return [error('Bad Request')];
  const errors: SendGridError[] = [];
  const push = (message: string, field: string | null, anchor: string | null) =>
    errors.push({ message, field, help: anchor === null ? null : HELP + anchor });
  const hasTemplate = typeof body.template_id === 'string' && body.template_id !== '';

  const personalizations = body.personalizations;
  if (!Array.isArray(personalizations) || personalizations.length === 0) {
    push(
      'The personalizations field is required and must have at least one personalization.',
      'personalizations',
      'personalizations',
    );
  } else if (personalizations.length > 1000) {
    push(
      `The personalization block is limited to 1000 personalizations per API request. You have provided ${personalizations.length} personalizations. Please consider splitting this into multiple requests and resending your request.`,
      'personalizations',
      'personalizations',
    );
  } else {
    let recipients = 0;
    personalizations.forEach((p: unknown, i) => {
      const at = `personalizations.${i}`;
      if (!isObject(p)) return push(typeError('object', p), at, 'personalizations');
      if (!Array.isArray(p.to) || p.to.length === 0) {
        push(
          'The to array is required for all personalization objects, and must have at least one email object with a valid email address.',
          `${at}.to`,
          'personalizations.to',
        );
      }
      const seen = new Set<string>();
      let duplicate: { email: string; list: string } | null = null;
      for (const list of ['to', 'cc', 'bcc'] as const) {
        const addresses = p[list];
        if (addresses === undefined || (list === 'to' && !Array.isArray(addresses))) continue;
        if (!Array.isArray(addresses)) {
          push(typeError('array', addresses), `${at}.${list}`, `personalizations.${list}`);
          continue;
        }
        recipients += addresses.length;
        addresses.forEach((a: unknown, j) => {
          const email = isObject(a) ? a.email : undefined;
          if (typeof email !== 'string' || !EMAIL.test(email)) {
            push(
              'Does not contain a valid address.',
              `${at}.${list}.${j}.email`,
              `personalizations.${list}`,
            );
            return;
          }
          const key = email.toLowerCase();
          if (seen.has(key) && !duplicate) duplicate = { email, list };
          seen.add(key);
        });
      }
      if (duplicate) {
        const { email, list } = duplicate;
        push(
          `Each email address in the personalization block should be unique between to, cc, and bcc. We found the first duplicate instance of [${email}] in the ${at}.${list} field.`,
          at,
          'personalizations',
        );
      }
      if (p.subject !== undefined && typeof p.subject !== 'string') {
        push(typeError('string', p.subject), `${at}.subject`, 'personalizations.subject');
      }
      checkStringMap(p.headers, `${at}.headers`, 'personalizations.headers', push);
      checkStringMap(p.custom_args, `${at}.custom_args`, 'personalizations.custom_args', push);
    });
    if (recipients > 1000) {
      push(
        'There is a limit of 1000 total recipients (to + cc + bcc) per request.',
        'personalizations',
        'personalizations',
      );
    }
  }

  const from = body.from;
  if (!isObject(from) || from.email === undefined || from.email === '') {
    push(
      'The from object must be provided for every email send. It is an object that requires the email parameter, but may also contain a name parameter.  e.g. {"email" : "example@example.com"}  or {"email" : "example@example.com", "name" : "Example Recipient"}.',
      'from.email',
      'from',
    );
  } else if (typeof from.email !== 'string' || !EMAIL.test(from.email)) {
    push('The from email does not contain a valid address.', 'from.email', 'from');
  }

  if (body.reply_to !== undefined) {
    const email = isObject(body.reply_to) ? body.reply_to.email : undefined;
    if (typeof email !== 'string' || !EMAIL.test(email)) {
      push('The reply_to email does not contain a valid address.', 'reply_to.email', 'reply_to');
    }
    if (body.reply_to_list !== undefined) {
      push(
        'The reply_to and reply_to_list parameters are mutually exclusive.',
        'reply_to_list',
        'reply_to_list',
      );
    }
  }

  const everySubject =
    Array.isArray(personalizations) &&
    personalizations.length > 0 &&
    personalizations.every((p) => isObject(p) && typeof p.subject === 'string' && p.subject);
  if (body.subject !== undefined && typeof body.subject !== 'string') {
    push(typeError('string', body.subject), 'subject', 'subject');
  } else if (!body.subject && !hasTemplate && !everySubject) {
    push(
      'The subject is required. You can get around this requirement if you use a template with a subject defined or if every personalization has a subject defined.',
      'subject',
      'subject',
    );
  }

  const content = body.content;
  if (content === undefined || (Array.isArray(content) && content.length === 0)) {
    if (!hasTemplate) {
      push(
        'Unless a valid template_id is provided, the content parameter is required. There must be at least one defined content block. We typically suggest both text/plain and text/html blocks are included, but only one block is required.',
        'content',
        'content',
      );
    }
  } else if (!Array.isArray(content)) {
    push(typeError('array', content), 'content', 'content');
  } else {
    const types: string[] = [];
    content.forEach((c: unknown, i) => {
      const type = isObject(c) ? c.type : undefined;
      const value = isObject(c) ? c.value : undefined;
      if (typeof type !== 'string' || type === '') {
        push(
          'The content type must be a string at least one character in length.',
          `content.${i}.type`,
          'content.type',
        );
      } else if (/[;\r\n]/.test(type)) {
        push(
          "The content type cannot contain ';', or CRLF characters.",
          `content.${i}.type`,
          'content.type',
        );
      } else {
        types.push(type.toLowerCase());
      }
      if (typeof value !== 'string' || value === '') {
        push(
          'The content value must be a string at least one character in length.',
          `content.${i}.value`,
          'content.value',
        );
      }
    });
    const count = (type: string) => types.filter((t) => t === type).length;
    const plain = types.indexOf('text/plain');
    const html = types.indexOf('text/html');
    if (count('text/plain') > 1 || count('text/html') > 1) {
      push('If present, text/plain and text/html may only be provided once.', 'content', 'content');
    } else if (plain > 0 || (html >= 0 && html !== (plain === 0 ? 1 : 0))) {
      push(
        'If present, text/plain must be first, followed by text/html, followed by any other content.',
        'content',
        'content',
      );
    }
  }

  if (isObject(body.headers)) {
    const reserved = Object.keys(body.headers).filter((h) =>
      RESERVED_HEADERS.includes(h.toLowerCase()),
    );
    if (reserved.length) {
      push(
        'The following headers are reserved and cannot be set: x-sg-id, x-sg-eid, received, dkim-signature, Content-Type, Content-Transfer-Encoding, To, From, Subject, Reply-To, CC, BCC',
        'headers',
        'headers',
      );
    }
  }
  checkStringMap(body.headers, 'headers', 'headers', push);
  checkStringMap(body.custom_args, 'custom_args', 'custom_args', push);
  return errors;
}

function checkStringMap(
  value: unknown,
  field: string,
  anchor: string,
  push: (message: string, field: string | null, anchor: string | null) => void,
): void {
  if (value === undefined) return;
  if (!isObject(value)) return void push(typeError('object', value), field, anchor);
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'string') push(typeError('string', v), `${field}.${key}`, anchor);
  }
}

/** SendGrid's JSON-schema wording: `Invalid type. Expected: object, given: string.` */
function typeError(expected: string, value: unknown): string {
  return `Invalid type. Expected: ${expected}, given: ${jsonType(value)}.`;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function error(message: string): SendGridError {
  return { message, field: null, help: null };
}

function answer(res: ServerResponse, status: number, errors?: SendGridError[]): void {
  if (!errors) {
    res.writeHead(status).end();
    return;
  }
  const body = JSON.stringify({ errors });
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}
