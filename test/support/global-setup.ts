import { join } from 'node:path';
import { Client } from 'pg';
import { migrate } from '../../libs/shared/src/database/migrate';
import { startEmbeddedPostgres } from '../../libs/shared/src/database/embedded-postgres';
import { TEMPLATE_DB } from './test-db';

/**
 * Once per `jest` run: a PostgreSQL (DATABASE_URL, or an embedded one under .data/test-pg)
 * and a template database with every migration applied, which each test file clones.
 */
export default async function globalSetup(): Promise<void> {
  if (!process.env.DATABASE_URL) {
    const embedded = await startEmbeddedPostgres(join(process.cwd(), '.data', 'test'), 54331);
    process.env.DATABASE_URL = embedded.url;
    // Suites that need the machine's own PostgreSQL (a streaming standby of it) skip on this one.
    process.env.TEST_EMBEDDED_PG = '1';
    (globalThis as { __EMBEDDED_PG__?: typeof embedded }).__EMBEDDED_PG__ = embedded;
  }
  const admin = new Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${TEMPLATE_DB} with (force)`);
    await admin.query(`create database ${TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/${TEMPLATE_DB}`;
  await migrate(url.toString());
}
