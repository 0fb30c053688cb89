import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { AppConfig, loadConfig } from '@silkcart/shared';
import { createApiApp } from '../../apps/api/src/bootstrap';
import type { ExtraModules } from '../../apps/api/src/app.module';
import { HttpResult, request, RequestOptions } from './http';
import { createTestDatabase, TestDatabase } from './test-db';

export interface TestApi {
  app: NestFastifyApplication;
  config: AppConfig;
  db: TestDatabase;
  url: (path: string) => string;
  http: (method: string, path: string, options?: RequestOptions) => Promise<HttpResult>;
  close(): Promise<void>;
}

export interface TestApiOptions {
  extraModules?: ExtraModules;
  /** Use REDIS_URL (when the run has one) instead of in-process jobs. */
  redis?: boolean;
  /** Extra environment; a function gets the test database (to name it on another server). */
  env?: Record<string, string> | ((db: TestDatabase) => Record<string, string>);
  /** Run as another replica of this api: its database and queue prefix; closing keeps them. */
  replicaOf?: TestApi;
}

/** The real api on a fresh database, listening on a free loopback port. */
export async function startTestApi(options: TestApiOptions = {}): Promise<TestApi> {
  const replicaOf = options.replicaOf;
  const db = replicaOf?.db ?? (await createTestDatabase());
  const dropDb = () => (replicaOf ? Promise.resolve() : db.drop());
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    REDIS_URL: options.redis ? (process.env.REDIS_URL ?? '') : '',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'silkcart-test-')),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    QUEUE_PREFIX: replicaOf?.config.jobs.queuePrefix ?? `t${randomBytes(4).toString('hex')}`,
    OUTBOX_POLL_MS: '50',
    // Suites send many writes from one address; test/rate-limits.e2e-spec.ts sets its own.
    STOREFRONT_RATE_LIMIT: '100000',
    API_KEY_RATE_LIMIT: '100000',
    ...(replicaOf ? { JWT_SECRET: replicaOf.config.jwtSecret } : {}),
    ...(typeof options.env === 'function' ? options.env(db) : options.env),
  });
  let app: NestFastifyApplication;
  try {
    app = await createApiApp(config, { extraModules: options.extraModules });
    await app.listen({ port: 0, host: '127.0.0.1' });
  } catch (err) {
    await dropDb();
    throw err;
  }
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const url = (path: string) => `http://127.0.0.1:${port}${path}`;
  return {
    app,
    config,
    db,
    url,
    http: (method, path, options) => request(url(path), method, options),
    close: async () => {
      await app.close();
      await dropDb();
    },
  };
}
