import { ModuleMetadata } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { INestApplicationContext } from '@nestjs/common';
import { AppConfig } from '@silkcart/shared';
import { Logger } from 'nestjs-pino';
import { WorkerModule } from './worker.module';

/** Builds the worker: a Nest application context with no HTTP server. */
export async function createWorker(
  config: AppConfig,
  extra: NonNullable<ModuleMetadata['imports']> = [],
): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, extra), {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.flushLogs();
  await app.init();
  return app;
}

/** Runs a worker until SIGTERM or SIGINT, then lets running jobs finish and exits. */
export async function runWorker(
  config: AppConfig,
  extra: NonNullable<ModuleMetadata['imports']> = [],
): Promise<void> {
  const app = await createWorker(config, extra);
  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    setTimeout(() => process.exit(1), config.shutdownTimeoutMs).unref();
    await app.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown());
  process.on('SIGINT', () => void shutdown());
}
