import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { migrate } from '../libs/shared/src/database/migrate';

/**
 * In production the migrations run as the database's owner, not as a superuser: every one of
 * them must work so (PostgreSQL 15 no longer lets everyone create in the public schema, and a
 * function given to another owner needs that owner to be able to).
 */
describe('migrations as a non-superuser database owner', () => {
  const suffix = randomBytes(4).toString('hex');
  const role = `owner_${suffix}`;
  // A password too: the embedded PostgreSQL asks for one outside its superuser.
  const password = randomBytes(12).toString('hex');
  const database = `owned_${suffix}`;
  const admin = async (sql: string) => {
    const client = new Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  const urlAs = () => {
    const url = new URL(process.env.DATABASE_URL as string);
    url.username = role;
    url.password = password;
    url.pathname = `/${database}`;
    return url.toString();
  };

  beforeAll(async () => {
    await admin(`create role ${role} login nosuperuser createrole password '${password}'`);
    await admin(`create database ${database} owner ${role}`);
    // As a DBA would hand the application roles over to the owner (the template already made
    // them): PostgreSQL 16 lets only a role's admins grant it.
    await admin(`grant silkcart_app, silkcart_system to ${role} with admin option`);
  });
  afterAll(async () => {
    await admin(`drop database if exists ${database} with (force)`);
    await admin(`drop owned by ${role} cascade`).catch(() => undefined);
    await admin(`drop role if exists ${role}`);
  });

  it('applies every migration, and the application role can use what they made', async () => {
    await migrate(urlAs());
    const client = new Client({ connectionString: urlAs() });
    await client.connect();
    try {
      await client.query(`set role silkcart_app`);
      await client.query(`select set_config('app.store_id', gen_random_uuid()::text, false)`);
      const found = await client.query(
        `select count(*)::int as n from storefront_search(to_tsquery('simple', 'lamp:*'), 'lamp')`,
      );
      expect(found.rows[0].n).toBe(0);
      await client.query(`select storefront_analyze()`);
    } finally {
      await client.end();
    }
  });
});
