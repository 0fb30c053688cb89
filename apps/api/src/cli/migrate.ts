import 'reflect-metadata';
import { loadConfig, migrate } from '@silkcart/shared';
import { startEmbeddedPostgres } from '@silkcart/shared/database/embedded-postgres';

/**
 * `migrate run` applies pending migrations (what the Kubernetes Job and docker-compose's
 * migrate service run); `migrate revert` undoes the last one. Uses the embedded PostgreSQL
 * when DATABASE_URL is unset, like the api.
 */
async function main(): Promise<void> {
  const command = process.argv[2];
  if (command !== 'run' && command !== 'revert') {
    process.stderr.write('usage: migrate run|revert\n');
    process.exit(64);
  }
  const config = loadConfig();
  const embedded = config.databaseUrl
    ? null
    : await startEmbeddedPostgres(config.dataDir, config.embeddedPgPort);
  try {
    const url = (config.databaseUrl ?? embedded?.url) as string;
    if (command === 'run') {
      const applied = await migrate(url, 'up');
      process.stdout.write(
        `applied ${applied.length} migration(s)${applied.length ? `: ${applied.join(', ')}` : ''}\n`,
      );
    } else {
      await migrate(url, 'down');
      process.stdout.write('reverted the last migration\n');
    }
  } finally {
    await embedded?.stop();
  }
}

void main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
