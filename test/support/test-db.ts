import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** TEST_TEMPLATE_DB lets two jest runs share one PostgreSQL without dropping each other's template. */
export const TEMPLATE_DB = process.env.TEST_TEMPLATE_DB ?? 'silkcart_test_template';

export interface TestDatabase {
  url: string;
  name: string;
  /** A query as the database owner (a superuser here): sees past row-level security. */
  sql<T = Record<string, unknown>>(query: string, params?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

function urlFor(name: string): string {
  const url = new URL(process.env.DATABASE_URL as string);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T>(work: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh database cloned from the migrated template, so test files can run in parallel. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `silkcart_t_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`create database ${name} template ${TEMPLATE_DB}`));
  const owner = new Client({ connectionString: urlFor(name) });
  await owner.connect();
  return {
    name,
    url: urlFor(name),
    sql: async (query, params) => (await owner.query(query, params)).rows,
    drop: async () => {
      await owner.end();
      await admin((c) => c.query(`drop database if exists ${name} with (force)`));
    },
  };
}
