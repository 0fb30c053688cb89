import 'reflect-metadata';
import { ConfigError, loadConfig } from '@silkcart/shared';
import { startEmbeddedPostgres } from '@silkcart/shared/database/embedded-postgres';
import { createApiApp } from './bootstrap';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78);
    }
    throw err;
  }
  const embedded = config.databaseUrl
    ? null
    : await startEmbeddedPostgres(config.dataDir, config.embeddedPgPort);
  if (embedded) {
    config = { ...config, databaseUrl: embedded.url };
    process.stdout.write(`embedded PostgreSQL on ${embedded.url.replace(/:[^:@/]+@/, ':***@')}\n`);
  }
  const app = await createApiApp(config);
  await app.listen({ port: config.port, host: '0.0.0.0' });
  const local = `http://localhost:${config.port}`;
  process.stdout.write(
    `SilkCart api ready on ${local} (${process.uptime().toFixed(1)} s): Swagger UI ${local}/api/docs, ` +
      `storefront ${local}/shop/<store-slug>, links as ${config.publicUrl}\n`,
  );

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    const force = setTimeout(() => process.exit(1), config.shutdownTimeoutMs).unref();
    process.stdout.write(`${signal}: draining requests and closing\n`);
    try {
      await app.close();
      await embedded?.stop();
    } finally {
      clearTimeout(force);
      process.exit(0);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

void main().catch((err: unknown) => {
  process.stderr.write(
    `startup failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
