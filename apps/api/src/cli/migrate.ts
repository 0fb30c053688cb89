import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '@silkcart/shared';
import { startEmbeddedPostgres } from '@silkcart/shared/database/embedded-postgres';
import { MIGRATIONS } from '../../../../migrations';

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
  const ds = new DataSource({
    type: 'postgres',
    url: config.databaseUrl ?? embedded?.url,
    migrations: MIGRATIONS,
    logging: ['schema', 'error', 'migration'],
  });
  await ds.initialize();
  try {
    if (command === 'run') {
      await ds.query('select pg_advisory_lock(727001)');
      const applied = await ds.runMigrations({ transaction: 'each' });
      process.stdout.write(`applied ${applied.length} migration(s)\n`);
    } else {
      await ds.undoLastMigration({ transaction: 'each' });
      process.stdout.write('reverted the last migration\n');
    }
  } finally {
    await ds.destroy();
    await embedded?.stop();
  }
}

void main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
