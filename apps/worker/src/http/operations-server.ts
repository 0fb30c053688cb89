import { INestApplicationContext, Logger } from '@nestjs/common';
import { AppConfig, Metrics } from '@silkcart/shared';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { healthy, HealthReport, shuttingDown } from '../health/readiness';
import { WorkerHealth } from '../health/worker-health';

export interface OperationsServer {
  readonly port: number;
  /** From now on /health/ready answers 503: the worker takes no new jobs. */
  markClosing(): void;
  close(): Promise<void>;
}

const ROUTES = ['/health/live', '/health/ready', '/metrics'];

/**
 * The worker's probes and metrics on a plain node:http server (the worker has no Fastify):
 * /health/live, /health/ready (PostgreSQL and Redis) and /metrics (the shared registry).
 */
export async function startOperationsServer(
  app: INestApplicationContext,
  config: AppConfig,
): Promise<OperationsServer> {
  const logger = new Logger('OperationsServer');
  const health = app.get(WorkerHealth);
  const metrics = app.get(Metrics);
  let closing = false;

  const answer = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0];
    if (!ROUTES.includes(path)) return send(res, 404, 'text/plain', 'Not Found');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return send(res, 405, 'text/plain', 'Method Not Allowed');
    }
    if (path === '/metrics') {
      return send(res, 200, metrics.registry.contentType, await metrics.registry.metrics());
    }
    const report: HealthReport =
      path === '/health/live' ? healthy() : closing ? shuttingDown() : await health.ready();
    send(
      res,
      report.status === 'ok' ? 200 : 503,
      'application/json; charset=utf-8',
      JSON.stringify(report),
    );
  };

  const server = createServer((req, res) => {
    answer(req, res).catch((err: unknown) => {
      logger.error({ err, url: req.url }, 'operations request failed');
      if (!res.headersSent) send(res, 500, 'text/plain', 'Internal Server Error');
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, '0.0.0.0', () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (err) => logger.error({ err }, 'operations server error'));

  return {
    port: (server.address() as AddressInfo).port,
    markClosing: () => {
      closing = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
