import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../../../migrations';

const MIGRATION_LOCK = 727_001;

/**
 * Applies pending migrations (or reverts the last one) on a connection of its own, as the
 * URL's user: the application role the api then runs as is created by the migrations.
 * An advisory lock lets only one process migrate at a time across replicas.
 */
export async function migrate(url: string, direction: 'up' | 'down' = 'up'): Promise<string[]> {
  const ds = new DataSource({ type: 'postgres', url, migrations: MIGRATIONS, extra: { max: 1 } });
  await ds.initialize();
  try {
    await ds.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    if (direction === 'down') {
      await ds.undoLastMigration({ transaction: 'each' });
      return [];
    }
    const applied = await ds.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}
