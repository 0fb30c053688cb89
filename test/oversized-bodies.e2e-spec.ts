import { Agent, createServer, IncomingMessage, request as httpRequest, Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { DRAIN_LIMIT } from '../apps/api/src/http/drain-body';
import { startTestApi, TestApi } from './support/test-api';

// Starting the api and sending ~200 MiB of refused bodies takes a while on a busy machine.
jest.setTimeout(120_000);

const PROBLEM = 'application/problem+json';
const MiB = 1024 * 1024;

interface Answer {
  status: number;
  headers: IncomingMessage['headers'];
  text: string;
  /** The client's own error when no answer came (EPIPE, ECONNRESET). */
  error?: string;
}

/** One request with node:http, the whole body written at once (Content-Length) or chunked. */
function send(
  base: string,
  method: string,
  path: string,
  body: Buffer | null,
  options: { chunked?: boolean; headers?: Record<string, string>; agent?: Agent } = {},
): Promise<Answer> {
  return new Promise((resolve) => {
    const url = new URL(path, base);
    const headers: Record<string, string> = { ...options.headers };
    if (body) {
      headers['content-type'] = 'application/json';
      if (!options.chunked) headers['content-length'] = String(body.length);
    }
    let answered = false;
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method,
        path: url.pathname,
        headers,
        agent: options.agent,
      },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', (err) =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: '',
            error: err.message,
          }),
        );
      },
    );
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (!answered) resolve({ status: 0, headers: {}, text: '', error: err.code ?? err.message });
    });
    if (!body) req.end();
    else if (options.chunked) {
      // In 64 KiB pieces, as a streaming client would.
      for (let at = 0; at < body.length; at += 64 * 1024)
        req.write(body.subarray(at, at + 64 * 1024));
      req.end();
    } else req.end(body);
  });
}

/**
 * A small reverse proxy as nginx behaves with its defaults: it forwards the method, headers
 * and the streamed body to the next upstream (round robin), reads the upstream's answer only
 * once it has sent the whole request, and answers 502 when the upstream connection fails
 * before that (a reset while sending the body included).
 */
async function startProxy(upstreams: string[]): Promise<{ url: string; close(): Promise<void> }> {
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  let next = 0;
  const hopByHop = new Set([
    'connection',
    'keep-alive',
    'transfer-encoding',
    'proxy-connection',
    'upgrade',
  ]);
  const server: Server = createServer((req, res) => {
    const target = new URL(upstreams[next++ % upstreams.length]);
    const headers: Record<string, string | string[] | undefined> = {
      ...req.headers,
      host: target.host,
    };
    for (const h of hopByHop) if (h !== 'transfer-encoding') delete headers[h];
    const badGateway = () => {
      if (!res.headersSent) {
        res.writeHead(502, { 'content-type': 'text/plain', connection: 'close' });
        res.end('bad gateway');
      } else res.destroy();
    };
    const up = httpRequest({
      host: target.hostname,
      port: target.port,
      method: req.method,
      path: req.url,
      headers,
      agent,
    });
    let sent = false;
    let failed = false;
    let answer: IncomingMessage | null = null;
    const forward = () => {
      if (!sent || !answer || failed || res.headersSent) return;
      const out = { ...answer.headers };
      for (const h of hopByHop) delete out[h];
      res.writeHead(answer.statusCode ?? 502, out);
      answer.pipe(res);
    };
    up.on('finish', () => {
      sent = true;
      forward();
    });
    up.on('response', (r) => {
      answer = r;
      forward();
    });
    up.on('error', () => {
      failed = true;
      badGateway();
    });
    req.on('error', () => up.destroy());
    req.pipe(up);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      agent.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function jsonBody(size: number): Buffer {
  const head = '{"name":"x","pad":"';
  const tail = '"}';
  return Buffer.from(head + 'a'.repeat(size - head.length - tail.length) + tail);
}

function expectTooLarge(answer: Answer): void {
  expect({ status: answer.status, error: answer.error }).toEqual({ status: 413, error: undefined });
  expect(answer.headers['content-type']).toContain(PROBLEM);
  const problem = JSON.parse(answer.text);
  expect(problem).toMatchObject({
    status: 413,
    type: expect.any(String),
    title: expect.any(String),
    requestId: expect.any(String),
  });
}

describe('bodies over the 1 MiB limit (directly and through a proxy)', () => {
  let api: TestApi;
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  let apiBase: string;
  let token: string;
  const big = jsonBody(2 * MiB);

  beforeAll(async () => {
    api = await startTestApi();
    apiBase = api.url('');
    proxy = await startProxy([apiBase]);
    const reg = await api.http('POST', '/api/v1/auth/register', {
      body: { email: 'big@example.com', password: 'a-long-password', name: 'Big' },
    });
    expect(reg.status).toBe(201);
    token = reg.body.accessToken;
  });
  afterAll(async () => {
    await proxy?.close();
    await api?.close();
  });

  const via = () => [
    ['directly', apiBase],
    ['through the proxy', proxy.url],
  ];

  it.each(['directly', 'through the proxy'])(
    '%s: 50 sequential 2 MiB bodies each get the 413 problem',
    async (how) => {
      const base = via().find(([name]) => name === how)![1];
      const statuses: number[] = [];
      for (let i = 0; i < 50; i++) {
        const answer = await send(base, 'POST', '/api/v1/stores', big, {
          chunked: i % 5 === 4,
          headers: { authorization: `Bearer ${token}` },
        });
        statuses.push(answer.status);
        expectTooLarge(answer);
      }
      expect(statuses).toEqual(Array(50).fill(413));
    },
  );

  it.each(['directly', 'through the proxy'])(
    '%s: 10 parallel 2 MiB bodies each get the 413 problem',
    async (how) => {
      const base = via().find(([name]) => name === how)![1];
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          send(base, 'POST', '/api/v1/auth/token', big, { chunked: i % 2 === 1 }),
        ),
      );
      for (const answer of answers) expectTooLarge(answer);
    },
  );

  it('a body just under 1 MiB is read and validated, never 413', async () => {
    const almost = jsonBody(MiB - 512);
    for (const [, base] of via()) {
      const invalid = await send(base, 'POST', '/api/v1/stores', almost, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(invalid.status).toBe(400);
      expect(JSON.parse(invalid.text).errors).toEqual(
        expect.arrayContaining([expect.objectContaining({ field: 'pad' })]),
      );
      const anonymous = await send(base, 'POST', '/api/v1/stores', almost);
      expect(anonymous.status).toBe(401);
    }
  });

  it('a client that never stops sending is cut off after the drain limit', async () => {
    const socket = connect(Number(new URL(apiBase).port), '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(
      'POST /api/v1/stores HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n' +
        'Transfer-Encoding: chunked\r\n\r\n',
    );
    const piece = Buffer.alloc(64 * 1024, 'a');
    const frame = Buffer.concat([
      Buffer.from(`${piece.length.toString(16)}\r\n`),
      piece,
      Buffer.from('\r\n'),
    ]);
    let written = 0;
    let received = '';
    socket.on('data', (d: Buffer) => (received += d.toString('latin1')));
    const closed = new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.on('error', () => undefined);
    });
    let open = true;
    void closed.then(() => (open = false));
    const started = Date.now();
    while (open && written < 256 * MiB && Date.now() - started < 30_000) {
      if (socket.write(frame)) await new Promise((r) => setImmediate(r));
      else
        await Promise.race([
          new Promise((r) => socket.once('drain', r)),
          closed,
          new Promise((r) => setTimeout(r, 200)),
        ]);
      written += frame.length;
    }
    await Promise.race([closed, new Promise((r) => setTimeout(r, 5_000))]);
    expect(open).toBe(false);
    // The server read and discarded up to its limit, then stopped (what the socket buffers
    // hold comes on top).
    expect(written).toBeGreaterThan(DRAIN_LIMIT);
    expect(written).toBeLessThan(DRAIN_LIMIT + 32 * MiB);
    if (received) expect(received).toMatch(/^HTTP\/1\.1 413/);
  });

  it('still answers normal requests afterwards, directly and through the proxy', async () => {
    for (const [i, [, base]] of via().entries()) {
      expect((await send(base, 'GET', '/health/live', null)).status).toBe(200);
      const created = await send(
        base,
        'POST',
        '/api/v1/stores',
        Buffer.from(JSON.stringify({ name: 'Shop', slug: `after-${i}`, currency: 'USD' })),
        { headers: { authorization: `Bearer ${token}` } },
      );
      expect(created.status).toBe(201);
    }
  });
});
