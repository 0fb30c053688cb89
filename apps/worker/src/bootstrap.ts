import { ModuleMetadata } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { INestApplicationContext } from '@nestjs/common';
import { AppConfig, AppLogger } from '@silkcart/shared';
import { startOperationsServer } from './http/operations-server';
import { JobConsumers } from './processors/job-consumers';
import { WorkerModule } from './worker.module';

export interface RunWorkerOptions {
  /**
   * Serve /health/* and /metrics on `config.port` (main.ts does). Off by default for the e2e
   * entry that runs the worker with the api's environment, PORT included.
   */
  http?: boolean;
}

/** Builds the worker: a Nest application context with no HTTP server. */
export async function createWorker(
  config: AppConfig,
  extra: NonNullable<ModuleMetadata['imports']> = [],
): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, extra), {
    bufferLogs: true,
  });
  app.useLogger(app.get(AppLogger));
  app.flushLogs();
  await app.init();
  return app;
}

/**
 * Runs a worker until SIGTERM or SIGINT. Then it takes no new job, lets running ones finish
 * within SHUTDOWN_TIMEOUT_MS, closes the pool and queues, closes its HTTP server last and
 * exits 0. Jobs still running at the deadline go back to their queue and it exits 1.
 */
export async function runWorker(
  config: AppConfig,
  extra: NonNullable<ModuleMetadata['imports']> = [],
  options: RunWorkerOptions = {},
): Promise<void> {
  const app = await createWorker(config, extra);
  const server = options.http
    ? await startOperationsServer(app, config).catch(async (err: unknown) => {
        await app.close(); // a taken port: stop consuming before the process fails
        throw err;
      })
    : null;
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    server?.markClosing();
    process.stdout.write(`${signal}: finishing running jobs and closing\n`);
    setTimeout(() => void deadline(), config.shutdownTimeoutMs).unref();
    try {
      await app.close();
      await server?.close();
    } catch (err) {
      process.stderr.write(`worker shutdown failed: ${String(err)}\n`);
      process.exit(1);
    }
    process.exit(0);
  };
  const deadline = async () => {
    const returned = await Promise.race([
      app.get(JobConsumers).returnRunningJobs(),
      new Promise<number>((resolve) => setTimeout(() => resolve(-1), 2000).unref()),
    ]);
    process.stderr.write(
      `shutdown timed out after ${config.shutdownTimeoutMs} ms: ${
        returned < 0
          ? 'could not return running jobs'
          : `${returned} running job(s) returned to their queue`
      }\n`,
    );
    process.exit(1);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}
