import { createHash } from 'node:crypto';
import { escapeLiteral, type Pool, type PoolClient, type QueryResult } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { InvalidInput } from '../errors/domain-error';
import type { RequestContext } from './request-context';

/** A value as an SQL literal: numbers, booleans, null, and strings escaped by pg. */
export function sqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`${value} is not a finite number`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'string') {
    // PostgreSQL text cannot hold NUL, and a query string cannot carry one.
    if (value.includes('\u0000')) throw new InvalidInput('A text value contains a NUL character');
    return escapeLiteral(value);
  }
  throw new Error('Only numbers, booleans, strings and null can be sent as literals');
}

/** The statements each pooled connection has prepared already, at most MAX_PREPARED. */
const MAX_PREPARED = 200;
const prepared = new WeakMap<PoolClient, Set<string>>();

/**
 * Runs read-only queries with the store scope in one round trip each: the scope and the
 * query go as one simple-protocol batch, which PostgreSQL runs as one implicit transaction,
 * so `app.store_id` holds for the query and ends with it. The query itself is a statement
 * prepared once per connection (EXECUTE takes the inlined arguments), so PostgreSQL can keep
 * its generic plan instead of planning it on every read. Parameters must be numbers, booleans,
 * strings or null.
 */
export function scopedReader(ds: DataSource, storeId: string | null): Pick<EntityManager, 'query'> {
  const pool = (ds.driver as unknown as { master: Pool }).master;
  // A generic plan, made once per connection: custom plans would plan every read again.
  const scope = `select set_config('app.store_id', ${escapeLiteral(storeId ?? '')}, true),
                        set_config('plan_cache_mode', 'force_generic_plan', true)`;
  return {
    query: async (sql: string, params: unknown[] = []) => {
      const name = `sr_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;
      const args = params.length ? `(${params.map(sqlLiteral).join(', ')})` : '';
      const client = await pool.connect();
      try {
        let known = prepared.get(client);
        if (!known) prepared.set(client, (known = new Set()));
        if (!known.has(name)) {
          if (known.size >= MAX_PREPARED) {
            await client.query('deallocate all');
            known.clear();
          }
          await client.query(`prepare ${name} as ${sql}`);
          known.add(name);
        }
        const results = (await client.query(
          `${scope}; execute ${name}${args}`,
        )) as unknown as QueryResult[];
        return results[1].rows;
      } finally {
        client.release();
      }
    },
  } as Pick<EntityManager, 'query'>;
}

export function readContext(ds: DataSource, ctx: RequestContext): RequestContext {
  return ctx.withTx(scopedReader(ds, ctx.storeId) as EntityManager, []);
}
