import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import {
  Agent,
  createServer,
  IncomingHttpHeaders,
  IncomingMessage,
  request as httpRequest,
  Server,
  ServerResponse,
} from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeServer, listen } from './http-double';
import { Child, freePort, processEnv, startApiProcess, startWorkerProcess } from './processes';

/**
 * Production's shape in one test: N api processes and M worker processes over one database,
 * one Redis and one queue prefix (one JWT secret, one data folder, the same provider doubles),
 * reached through a round-robin HTTP proxy as a load balancer would spread clients over them.
 */
export interface ReplicaHarnessOptions {
  databaseUrl: string;
  /** The shared Redis (default REDIS_URL). */
  redisUrl?: string;
  apis?: number;
  workers?: number;
  /** What every process gets besides: doubles' env, SMTP_URL, budgets. */
  env?: NodeJS.ProcessEnv;
}

export interface ReplicaHarness {
  /** The proxy: `http://127.0.0.1:<port><path>`. */
  url(path: string): string;
  /** One api directly, by index, bypassing the proxy. */
  apiUrl(index: number, path: string): string;
  apis: Child[];
  workers: Child[];
  /** The environment every process got (the api's PORT aside). */
  env: NodeJS.ProcessEnv;
  /** Requests the proxy forwarded to each api, by index. */
  forwarded: number[];
  close(): Promise<void>;
}

/** Hop-by-hop headers (RFC 9110 7.6.1): a proxy never forwards them, Node frames each leg. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const out: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!HOP_BY_HOP.has(name) && value !== undefined) out[name] = value;
  }
  return out;
}

/** Raw [name, value, …] response headers without the hop-by-hop ones (repeats kept). */
function endToEndRaw(raw: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    if (!HOP_BY_HOP.has(raw[i].toLowerCase())) out.push(raw[i], raw[i + 1]);
  }
  return out;
}

/**
 * A round-robin reverse proxy: the method, path, headers and streamed body go to the next
 * target, `X-Forwarded-For` gets the client's address appended, the answer streams back.
 */
function startProxy(
  targets: number[],
  forwarded: number[],
): { server: Server; agent: Agent; ready: Promise<number> } {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  let next = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const index = next++ % targets.length;
    forwarded[index]++;
    const headers = endToEnd(req.headers);
    const client = req.socket.remoteAddress ?? '';
    const before = req.headers['x-forwarded-for'];
    headers['x-forwarded-for'] = before ? `${before}, ${client}` : client;
    const upstream = httpRequest(
      {
        host: '127.0.0.1',
        port: targets[index],
        method: req.method,
        path: req.url,
        headers,
        agent,
      },
      (answer) => {
        res.writeHead(
          answer.statusCode ?? 502,
          answer.statusMessage,
          endToEndRaw(answer.rawHeaders),
        );
        answer.pipe(res);
        answer.on('error', () => res.destroy());
      },
    );
    upstream.on('error', (err) => {
      if (res.headersSent) return void res.destroy();
      res.writeHead(502, { 'content-type': 'text/plain' }).end(`proxy: ${err.message}`);
    });
    req.pipe(upstream);
    req.on('error', () => upstream.destroy());
  });
  return { server, agent, ready: listen(server) };
}

/**
 * Starts the proxy, then N apis and M workers (all at once). Every process shares the
 * database, Redis, queue prefix, JWT secret and data folder; each api has a port of its own.
 */
export async function startReplicaHarness(options: ReplicaHarnessOptions): Promise<ReplicaHarness> {
  const redisUrl = options.redisUrl ?? process.env.REDIS_URL;
  if (!redisUrl) throw new Error('the replica harness needs Redis (REDIS_URL or redisUrl)');
  const apiCount = options.apis ?? 2;
  const workerCount = options.workers ?? 2;
  const ports = await Promise.all(Array.from({ length: apiCount }, () => freePort()));
  const forwarded = ports.map(() => 0);
  const proxy = startProxy(ports, forwarded);
  const proxyPort = await proxy.ready;
  const base = `http://127.0.0.1:${proxyPort}`;
  const env = processEnv(options.databaseUrl, ports[0], {
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: `r${randomBytes(4).toString('hex')}`,
    JWT_SECRET: randomBytes(32).toString('hex'),
    DATA_DIR: mkdtempSync(join(tmpdir(), 'silkcart-replicas-')),
    PUBLIC_URL: base,
    ...options.env,
  });

  const apis: Child[] = [];
  const workers: Child[] = [];
  const close = async () => {
    // Workers first (they drain their jobs), then the apis, then the proxy.
    await Promise.all(workers.map((w) => w?.kill()));
    await Promise.all(apis.map((a) => a?.kill()));
    await closeServer(proxy.server);
    proxy.agent.destroy();
  };
  // All at once; if one fails, wait for the others before closing, so none is left running.
  const started = await Promise.allSettled([
    ...ports.map(async (port, i) => {
      apis[i] = await startApiProcess({ ...env, PORT: String(port) });
    }),
    ...Array.from({ length: workerCount }, async (_, i) => {
      const port = await freePort(); // not served (worker-process.ts has no HTTP)
      workers[i] = await startWorkerProcess({ ...env, PORT: String(port) });
    }),
  ]);
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await close();
    throw failed.reason;
  }

  return {
    url: (path) => `${base}${path}`,
    apiUrl: (index, path) => `http://127.0.0.1:${ports[index]}${path}`,
    apis,
    workers,
    env,
    forwarded,
    close,
  };
}
