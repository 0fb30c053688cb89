import { createHash } from 'node:crypto';
import { escapeLiteral, type Pool, type PoolClient, type QueryResult } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { InvalidInput } from '../errors/domain-error';
import type { RequestContext } from './request-context';

/** A value as an SQL literal: numbers, booleans, null, Dates, and strings escaped by pg. */
export function sqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`${value} is not a finite number`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  // An instant, in UTC: for timestamptz parameters (analytics' ranges).
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime()))
      throw new Error('An invalid Date cannot be sent as a literal');
    return escapeLiteral(value.toISOString());
  }
  if (typeof value === 'string') {
    // PostgreSQL text cannot hold NUL, and a query string cannot carry one.
    if (value.includes('\u0000')) throw new InvalidInput('A text value contains a NUL character');
    return escapeLiteral(value);
  }
  throw new Error('Only numbers, booleans, strings, Dates and null can be sent as literals');
}

/** The statements each pooled connection has prepared already, at most MAX_PREPARED. */
const MAX_PREPARED = 200;
const prepared = new WeakMap<PoolClient, Set<string>>();

/** A statement's name, from its text (remembered: the same few statements run on every read). */
const names = new Map<string, string>();
function statementName(sql: string): string {
  let name = names.get(sql);
  if (name === undefined) {
    name = `sr_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;
    if (names.size >= 1000) names.clear();
    names.set(sql, name);
  }
  return name;
}

/**
 * The statement that scopes a read to its store (for the transaction it runs in). A generic
 * plan, made once per connection: custom plans would plan every read again. Index scans only:
 * these reads are built on indexes (the storefront's read model, lookups by key), and on a
 * small store PostgreSQL priced a sequential scan and a sort of its 2,000 rows below reading 20
 * entries of the category's index, which measured 2.2 times slower.
 */
export function readScope(storeId: string | null): string {
  return scopeSelect(escapeLiteral(storeId ?? ''));
}

function scopeSelect(storeId: string): string {
  return `select set_config('app.store_id', ${storeId}, true),
                 set_config('plan_cache_mode', 'force_generic_plan', true),
                 set_config('enable_seqscan', 'off', true)`;
}

/** The scope, prepared once per connection too (planning it on every read cost a fifth of a detail read). */
const SCOPE = 'sr_scope';

/**
 * Runs read-only queries with the store scope in one round trip each: the scope and the
 * query go as one simple-protocol batch, which PostgreSQL runs as one implicit transaction,
 * so `app.store_id` holds for the query and ends with it. The query itself is a statement
 * prepared once per connection (EXECUTE takes the inlined arguments), so PostgreSQL can keep
 * its generic plan instead of planning it on every read. Parameters must be numbers, booleans,
 * strings or null.
 */
export function scopedReader(ds: DataSource, storeId: string | null): Pick<EntityManager, 'query'> {
  return scopedPoolReader(primaryPool(ds), storeId);
}

/** The pg Pool under a TypeORM DataSource (its primary). */
export function primaryPool(ds: DataSource): Pool {
  return (ds.driver as unknown as { master: Pool }).master;
}

/** `scopedReader` on any pool: the primary's, or a replica's (`ReadReplica`). */
export function scopedPoolReader(pool: Pool, storeId: string | null): Pick<EntityManager, 'query'> {
  return {
    query: async (sql: string, params: unknown[] = []) => {
      const results = await runScoped(pool, storeId, [], sql, params);
      return results[results.length - 1].rows;
    },
  } as Pick<EntityManager, 'query'>;
}

/**
 * One scoped batch on a connection of `pool`: the scope, then `before` (more statements of the
 * same implicit transaction, e.g. a replica's freshness check), then the prepared query. Answers
 * every statement's result, in order (the query's last).
 */
export async function runScoped(
  pool: Pool,
  storeId: string | null,
  before: string[],
  sql: string,
  params: unknown[] = [],
): Promise<QueryResult[]> {
  const name = statementName(sql);
  const args = params.length ? `(${params.map(sqlLiteral).join(', ')})` : '';
  const client = await pool.connect();
  let broken: Error | undefined;
  // The connection may end while checked out (a server restart): the query fails, and the
  // client's own 'error' event must not go unheard.
  const lost = (err: Error) => (broken = err);
  client.on('error', lost);
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
    if (!known.has(SCOPE)) {
      await client.query(`prepare ${SCOPE}(text) as ${scopeSelect('$1')}`);
      known.add(SCOPE);
    }
    const scope = `execute ${SCOPE}(${escapeLiteral(storeId ?? '')})`;
    return (await client.query(
      [scope, ...before, `execute ${name}${args}`].join('; '),
    )) as unknown as QueryResult[];
  } catch (err) {
    // No SQLSTATE: the connection itself failed; it is dropped rather than pooled again.
    if (!(err as { code?: string }).code) broken = err as Error;
    throw err;
  } finally {
    client.off('error', lost);
    client.release(broken);
  }
}

export function readContext(ds: DataSource, ctx: RequestContext): RequestContext {
  return ctx.withTx(scopedReader(ds, ctx.storeId) as EntityManager, []);
}
