import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { migrate } from '../../libs/shared/src/database/migrate';
import { startEmbeddedPostgres } from '../../libs/shared/src/database/embedded-postgres';

/** A fresh, migrated database for one benchmark run (DATABASE_URL's server, or an embedded one). */
export async function benchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  let server = process.env.DATABASE_URL;
  let stopEmbedded: (() => Promise<void>) | null = null;
  if (!server) {
    const embedded = await startEmbeddedPostgres(join(process.cwd(), '.data', 'bench'), 54332);
    server = embedded.url;
    stopEmbedded = embedded.stop;
  }
  const name = `silkcart_bench_${randomBytes(4).toString('hex')}`;
  const admin = async (sql: string) => {
    const c = new Client({ connectionString: server });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  await migrate(url.toString());
  return {
    url: url.toString(),
    drop: async () => {
      await admin(`drop database if exists ${name} with (force)`);
      await stopEmbedded?.();
    },
  };
}
