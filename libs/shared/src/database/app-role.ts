import { Client } from 'pg';

export const APP_ROLE = 'silkcart_app';

/**
 * Connection options so that queries run as the application role whenever the URL's user
 * could bypass row-level security (a superuser, or a role with BYPASSRLS, as on the local
 * test PostgreSQL). An ordinary owner needs nothing: FORCE ROW LEVEL SECURITY binds it too.
 */
export async function appRoleOptions(url: string): Promise<{ options?: string }> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ privileged: boolean; role_exists: boolean }>(
      `select (rolsuper or rolbypassrls) as privileged,
              exists (select 1 from pg_roles where rolname = $1) as role_exists
         from pg_roles where rolname = current_user`,
      [APP_ROLE],
    );
    const { privileged, role_exists } = rows[0];
    if (!privileged) return {};
    if (!role_exists) {
      throw new Error(
        `${APP_ROLE} does not exist: apply the migrations first (npm run migration:run)`,
      );
    }
    return { options: `-c role=${APP_ROLE}` };
  } finally {
    await client.end();
  }
}
