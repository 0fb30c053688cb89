import type { AddressInfo } from 'node:net';
import { EventEmitter } from 'node:events';
import type { Readable } from 'node:stream';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * A local SMTP server for e2e tests that keeps every message it accepts, parsed by mailparser.
 * `url` is an SMTP_URL for nodemailer (`nodemailer.createTransport(capture.url)`): plain SMTP,
 * no STARTTLS offered (so nodemailer never upgrades), AUTH PLAIN/LOGIN accepted with any
 * credentials when the client offers them and not required when it does not.
 *
 * A message is recorded before the server answers 250, so once `sendMail` resolves it is in
 * `messages`. `failNext` answers the end of DATA with a 451 (a temporary local failure, as a
 * server whose queue is down would): nodemailer rejects with `responseCode` 451 and nothing is
 * recorded.
 */

export interface CapturedMail {
  /** Header `From` address. */
  from: string;
  /** Header `To` addresses. */
  to: string[];
  cc: string[];
  replyTo: string | undefined;
  subject: string;
  text: string | undefined;
  html: string | undefined;
  messageId: string | undefined;
  /** Lower-cased names, unfolded values; a repeated header's values joined by `\n`. */
  headers: Record<string, string>;
  /** SMTP envelope (MAIL FROM / RCPT TO): includes Bcc recipients. */
  envelope: { from: string; to: string[] };
  /** The AUTH username, when the client authenticated. */
  user: string | undefined;
  raw: string;
}

export interface SmtpCaptureOptions {
  /** Answer the first `failNext` messages with 451, as `capture.failNext(times)` does later. */
  failNext?: number;
}

export interface SmtpCapture {
  /** `smtp://127.0.0.1:PORT`, usable as SMTP_URL. */
  url: string;
  port: number;
  /** Accepted messages, oldest first. */
  messages: CapturedMail[];
  /** The first message (already received or still to come) that `predicate` accepts. */
  waitFor(predicate: (mail: CapturedMail) => boolean, timeoutMs?: number): Promise<CapturedMail>;
  /** The next `times` messages are refused at the end of DATA with 451. */
  failNext(times?: number): void;
  /**
   * The next message is read, then held `ms` before the server answers: a client that goes
   * away meanwhile (a killed worker) never had it accepted, and it is not recorded.
   */
  holdNext(ms: number): void;
  /** Messages read and held right now, not yet answered. */
  readonly holding: number;
  close(): Promise<void>;
}

class SmtpReply extends Error {
  constructor(
    readonly responseCode: number,
    message: string,
  ) {
    super(message);
  }
}

export async function startSmtpCapture(opts: SmtpCaptureOptions = {}): Promise<SmtpCapture> {
  const messages: CapturedMail[] = [];
  const received = new EventEmitter();
  let failures = opts.failNext ?? 0;
  const holds: number[] = [];
  let holding = 0;
  const gone = new Set<string>();

  const server = new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    authMethods: ['PLAIN', 'LOGIN'],
    closeTimeout: 1000,
    onClose(session) {
      gone.add(session.id);
    },
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username });
    },
    onData(stream, session, callback) {
      if (failures > 0) {
        failures--;
        // smtp-server drains the unread message before it answers.
        return callback(new SmtpReply(451, 'Requested action aborted: local error in processing'));
      }
      readAll(stream)
        .then(async (raw) => {
          const hold = holds.shift();
          if (hold) {
            holding++;
            await new Promise((r) => setTimeout(r, hold));
            holding--;
            if (gone.has(session.id)) return callback(new SmtpReply(421, 'the client went away'));
          }
          const mail = await parse(raw);
          const { mailFrom, rcptTo } = session.envelope;
          mail.envelope = {
            from: mailFrom ? mailFrom.address : '',
            to: rcptTo.map((r) => r.address),
          };
          mail.user = typeof session.user === 'string' ? session.user : undefined;
          messages.push(mail);
          received.emit('mail', mail);
          callback();
        })
        .catch((err: unknown) => {
          callback(new SmtpReply(451, `Requested action aborted: ${String(err)}`));
        });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.server.address() as AddressInfo;

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    waitFor(predicate, timeoutMs = 5000) {
      const found = messages.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise<CapturedMail>((resolve, reject) => {
        const onMail = (mail: CapturedMail) => {
          if (!predicate(mail)) return;
          clearTimeout(timer);
          received.off('mail', onMail);
          resolve(mail);
        };
        const timer = setTimeout(() => {
          received.off('mail', onMail);
          const seen = messages.map((m) => `${m.to.join(',')}: ${m.subject}`).join('; ');
          reject(
            new Error(`No matching mail within ${timeoutMs} ms (received: ${seen || 'none'})`),
          );
        }, timeoutMs);
        received.on('mail', onMail);
      });
    },
    failNext(times = 1) {
      failures = times;
    },
    holdNext(ms) {
      holds.push(ms);
    },
    get holding() {
      return holding;
    },
    close() {
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function parse(raw: Buffer): Promise<CapturedMail> {
  const parsed = await simpleParser(raw);
  const headers: Record<string, string> = {};
  for (const { key, line } of parsed.headerLines) {
    const value = line
      .slice(line.indexOf(':') + 1)
      .replace(/\r?\n[ \t]+/g, ' ')
      .trim();
    headers[key] = key in headers ? `${headers[key]}\n${value}` : value;
  }
  return {
    from: addresses(parsed.from)[0] ?? '',
    to: addresses(parsed.to),
    cc: addresses(parsed.cc),
    replyTo: addresses(parsed.replyTo)[0],
    subject: parsed.subject ?? '',
    text: parsed.text,
    html: parsed.html || undefined,
    messageId: parsed.messageId,
    headers,
    envelope: { from: '', to: [] },
    user: undefined,
    raw: raw.toString('utf8'),
  };
}

/** The plain addresses of an address header, groups flattened. */
function addresses(header: AddressObject | AddressObject[] | undefined): string[] {
  const objects = header === undefined ? [] : Array.isArray(header) ? header : [header];
  const out: string[] = [];
  const walk = (list: { address?: string; group?: { address?: string }[] }[]) => {
    for (const entry of list) {
      if (entry.address) out.push(entry.address);
      if (entry.group) walk(entry.group);
    }
  };
  objects.forEach((o) => walk(o.value));
  return out;
}

function readAll(stream: Readable): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}
