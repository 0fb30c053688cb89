import type { IncomingMessage } from 'node:http';
import cors from '@fastify/cors';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { StorefrontFastPath } from '@silkcart/catalog';
import { rewriteStorefrontUrl } from './http/storefront-host';
import {
  AppConfig,
  AppLogger,
  keepsRawBody,
  Metrics,
  migrate,
  RawBodyCarrier,
} from '@silkcart/shared';
import { ApiLifecycle } from './api-lifecycle';
import { AppModule, ExtraModules } from './app.module';
import { undeclaredRoutes } from './http/access-audit';
import { applyGlobalPrefix, setupOpenApi } from './http/openapi';
import { requestIdFor } from './http/request-id';
import { securityHeaders } from './http/security-headers';
import { serveStorefront } from './http/storefront-static';
import { createValidationPipe } from './http/validation';
import { drainUnreadBody } from './http/drain-body';

export const BODY_LIMIT = 1024 * 1024;

export interface ApiOptions {
  extraModules?: ExtraModules;
  /** Serve Swagger UI and the OpenAPI document (on by default). */
  openApi?: boolean;
  /**
   * Run the outbox relay and, without Redis, the schedules (on by default). Off for an api a
   * script (the seed) starts beside a running one: that api keeps doing them.
   */
  background?: boolean;
}

/** Builds the api application, configured and initialised but not listening. */
export async function createApiApp(
  config: AppConfig,
  options: ApiOptions = {},
): Promise<NestFastifyApplication> {
  // Before the app connects: the migrations create the role its connections use.
  if (config.migrationsRun && config.databaseUrl) await migrate(config.databaseUrl);
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT,
    genReqId: requestIdFor,
    requestIdHeader: false,
    trustProxy: true,
    return503OnClosing: true,
    rewriteUrl: (req: IncomingMessage) => rewriteStorefrontUrl(req.url ?? '/', req.headers),
  });
  // Security headers (helmet's, computed once) and CORS first, then cached storefront
  // answers, which leave from their hook before Nest's middleware (request logging) and pipeline.
  const fastify = adapter.getInstance();
  const security = securityHeaders();
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.headers(security).header('x-request-id', request.id);
    done();
  });
  await adapter.register(cors as never, {
    origin: config.corsOrigins,
    exposedHeaders: ['X-Request-ID'],
  });
  const late: { fastPath?: StorefrontFastPath } = {};
  fastify.addHook('onRequest', (request, reply, done) => {
    const served = late.fastPath?.tryServe(request, reply) ?? false;
    if (served === false) done();
    // A failed lookup (database or Redis down) is left to the controllers to answer.
    else if (served !== true)
      served.then(
        (sent) => void (sent || done()),
        () => done(),
      );
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, options.extraModules),
    adapter,
    { bufferLogs: true, abortOnError: false, bodyParser: false },
  );
  app.useLogger(app.get(AppLogger));
  app.flushLogs();
  late.fastPath = app.get(StorefrontFastPath);

  // Image uploads are read whole (at most 5 MiB); past the limit the part is cut and refused (413).
  await app.register(multipart, {
    limits: { fileSize: 5 * 1024 * 1024, files: 1, fields: 5, fieldSize: 1024 },
  });
  if (config.storage.driver === 'local') {
    const root = join(config.dataDir, 'uploads');
    mkdirSync(root, { recursive: true });
    await app.register(fastifyStatic, {
      root,
      prefix: '/uploads/',
      decorateReply: false,
      immutable: true,
      maxAge: '365d',
      index: false,
    });
  }
  // The sample storefront (apps/storefront), when built: /shop/{storeSlug}/...
  await serveStorefront(app, config);
  // JSON is the only body the api reads; other types get 415 rather than a string body.
  fastify.removeContentTypeParser('text/plain');
  // Fastify's own JSON parser (prototype-poisoning checks included), over the bytes, which
  // webhook routes keep for their signature checks.
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer', bodyLimit: BODY_LIMIT },
    (request, body, done) => {
      if (keepsRawBody(request.url)) (request as RawBodyCarrier).rawBody = body as Buffer;
      parseJson(request, (body as Buffer).toString('utf8'), done);
    },
  );
  // An error answer to a body not yet read (over the limit, above, or never read by its
  // handler) waits until the rest is read and discarded, up to 16 MiB: answering and closing
  // mid-upload resets the socket, and a client or proxy still sending sees EPIPE or a 502.
  fastify.addHook('onSend', drainUnreadBody());
  const metrics = app.get(Metrics);
  fastify.addHook('onResponse', (request, reply, done) => {
    metrics.httpDuration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status_code: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
    done();
  });

  applyGlobalPrefix(app);
  app.useGlobalPipes(createValidationPipe());
  if (options.openApi !== false) setupOpenApi(app);
  if (options.background === false) app.get(ApiLifecycle).background = false;
  await app.init();
  const undeclared = undeclaredRoutes(app);
  if (undeclared.length > 0) {
    await app.close();
    throw new Error(
      `Routes without an access declaration, or store POSTs without @Idempotent() (fail closed): ${undeclared.join(', ')}`,
    );
  }
  return app;
}
