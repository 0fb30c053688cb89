import { createServer } from 'node:http';
import { closeServer, flatHeaders, listen, readBody } from './http-double';

export interface ReceivedWebhook {
  path: string;
  headers: Record<string, string>;
  /** The raw body, as signed. */
  raw: string;
  body: any;
  at: number;
}

export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  received: ReceivedWebhook[];
  /** What the next requests to `path` are answered, in order (0: never answered); then 200. */
  answer(path: string, statuses: number[]): void;
  at(path: string): ReceivedWebhook[];
  close(): Promise<void>;
}

/** A local endpoint that records every webhook POSTed to it and answers as told. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const planned = new Map<string, number[]>();
  const server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const path = req.url ?? '/';
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      body = null;
    }
    received.push({ path, headers: flatHeaders(req), raw, body, at: Date.now() });
    const status = planned.get(path)?.shift() ?? 200;
    if (status === 0) return;
    res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'nope');
  });
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    received,
    answer: (path, statuses) => planned.set(path, [...statuses]),
    at: (path) => received.filter((r) => r.path === path),
    close: () => closeServer(server),
  };
}
