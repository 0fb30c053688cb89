import { Client } from 'pg';

export const APP_ROLE = 'silkcart_app';

export const SYSTEM_ROLE = 'silkcart_system';

/**
 * Connection options so that every query runs as the application role, whatever user the URL
 * names (a superuser on the local test PostgreSQL, the schema owner in production): the
 * row-level-security policies are written for that role.
 */
export async function appRoleOptions(url: string): Promise<{ options: string }> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ role_exists: boolean }>(
      `select exists (select 1 from pg_roles where rolname = $1) as role_exists`,
      [APP_ROLE],
    );
    if (!rows[0].role_exists) {
      throw new Error(
        `${APP_ROLE} does not exist: apply the migrations first (npm run migration:run)`,
      );
    }
    // Storefront search treats a title word within 0.4 trigram word-similarity as a match
    // (one typo in a short word); PostgreSQL's default of 0.6 misses most typos.
    return { options: `-c role=${APP_ROLE} -c pg_trgm.word_similarity_threshold=0.4` };
  } finally {
    await client.end();
  }
}
