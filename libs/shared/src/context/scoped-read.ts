import { createHash } from 'node:crypto';
import { escapeLiteral, type Pool, type PoolClient, type QueryResult } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { InvalidInput } from '../errors/domain-error';
import type { RequestContext } from './request-context';

/** `$n` placeholders as SQL literals (numbers, booleans, null, strings escaped by pg). */
export function inlineParams(sql: string, params: readonly unknown[]): string {
  return sql.replace(/\$(\d+)/g, (_, n: string) => {
    const value = params[Number(n) - 1];
    if (value === null || value === undefined) return 'NULL';
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new Error(`Parameter $${n} is not a finite number`);
      return String(value);
    }
    if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
    if (typeof value === 'string') {
      // PostgreSQL text cannot hold NUL, and a query string cannot carry one.
      if (value.includes('\u0000')) throw new InvalidInput('A text value contains a NUL character');
      return escapeLiteral(value);
    }
    throw new Error(`Parameter $${n}: only numbers, booleans, strings and null can be inlined`);
  });
}

/** The statements each pooled connection has prepared already. */
const prepared = new WeakMap<PoolClient, Set<string>>();

/**
 * Runs read-only queries with the store scope in one round trip each: the scope and the
 * query go as one simple-protocol batch, which PostgreSQL runs as one implicit transaction,
 * so `app.store_id` holds for the query and ends with it. The query itself is a statement
 * prepared once per connection (EXECUTE takes the inlined arguments), so PostgreSQL can keep
 * its plan instead of planning it on every read. Only for queries whose placeholders are
 * plain values and that have no `$n` inside string literals.
 */
export function scopedReader(ds: DataSource, storeId: string | null): Pick<EntityManager, 'query'> {
  const pool = (ds.driver as unknown as { master: Pool }).master;
  const scope = `select set_config('app.store_id', ${escapeLiteral(storeId ?? '')}, true)`;
  return {
    query: async (sql: string, params: unknown[] = []) => {
      const name = `sr_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;
      const args = params.length
        ? `(${inlineParams(params.map((_, i) => `$${i + 1}`).join(', '), params)})`
        : '';
      const client = await pool.connect();
      try {
        let known = prepared.get(client);
        if (!known) prepared.set(client, (known = new Set()));
        if (!known.has(name)) {
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
