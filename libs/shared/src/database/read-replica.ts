import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { escapeLiteral, Pool, type QueryResult } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { DomainError } from '../errors/domain-error';
import type { RequestContext } from '../context/request-context';
import { primaryPool, runScoped } from '../context/scoped-read';

/** How long reads skip a replica that failed to answer before trying it again. */
const RETRY_AFTER_MS = 5000;

/**
 * Whether an error means the replica (not the query) is unusable: a socket error (ECONNREFUSED,
 * ECONNRESET…), pg's own without a code (connection terminated, connect timeout), or a SQLSTATE
 * of connection exceptions (08) and shutdown or startup (57P).
 */
const unreachable = (err: unknown) => {
  if (err instanceof DomainError) return false;
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return true;
  return /^(08|57P)/.test(code) || /^E[A-Z]+$/.test(code);
};

export interface ReplicaStatus {
  configured: boolean;
  /** It answered just now. */
  up: boolean;
  /** Seconds since the last transaction it replayed committed on the primary (null: unknown). */
  lagSeconds: number | null;
  message?: string;
}

/**
 * The read replica (`DATABASE_READ_URL`): a second pg Pool connected as the same application
 * role (so row-level security applies there too), used through the same scoped batches as
 * `scopedReader`. Only storefront read-model queries and analytics use it; merchant reads and
 * writes stay on the primary's DataSource. Every read falls back to the primary, query by
 * query: when a storefront read needs a catalog version of its store that the replica has not
 * replayed yet (the version is read in the same batch, before the query, so the query's
 * snapshot is at least that new), and when the replica is unreachable (then it is skipped for
 * 5 s). Without a replica URL it is the primary's `scopedReader`.
 */
@Injectable()
export class ReadReplica implements OnApplicationShutdown {
  private readonly logger = new Logger(ReadReplica.name);
  private readonly pool: Pool | null;
  private skipUntil = 0;
  /**
   * Reads so far by where they were answered: the replica; or the primary because the replica
   * was behind the store's catalog version, unreachable (or skipped after that), or failed the
   * query. For operators (and tests) to see the routing.
   */
  readonly served = { replica: 0, behind: 0, unreachable: 0, failed: 0 };
  private lastError: string | null = null;

  constructor(
    private readonly ds: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    const url = config.databaseReadUrl;
    // The primary's connection options (`-c role=silkcart_app …`): the same role on the replica.
    const options = (ds.options as { extra?: { options?: string } }).extra?.options;
    this.pool = url
      ? new Pool({
          connectionString: url,
          max: 20,
          application_name: 'silkcart-replica',
          connectionTimeoutMillis: 2000,
          keepAlive: true,
          ...(options ? { options } : {}),
        })
      : null;
    // An idle connection lost with the replica must not take the process down.
    this.pool?.on('error', (err) => this.failed(err));
  }

  get configured(): boolean {
    return this.pool !== null;
  }

  /**
   * A reader scoped to the store: on the replica when it has replayed `catalogVersion` of the
   * store's catalog (none given: any state, as for analytics), else on the primary.
   */
  reader(storeId: string | null, catalogVersion?: number): Pick<EntityManager, 'query'> {
    const fresh =
      catalogVersion === undefined || storeId === null
        ? []
        : [
            `select coalesce((select version from catalog_version
                               where store_id = ${escapeLiteral(storeId)}), 0)::text as version`,
          ];
    return {
      query: async (sql: string, params: unknown[] = []) => {
        if (this.pool && Date.now() >= this.skipUntil) {
          let results: QueryResult[] | null = null;
          try {
            results = await runScoped(this.pool, storeId, fresh, sql, params);
          } catch (err) {
            if (err instanceof DomainError) throw err; // the same on the primary
            if (unreachable(err)) {
              this.failed(err);
              this.served.unreachable++;
            } else {
              // A query cancelled for conflicting with replay, or another failure there.
              this.logger.debug({ err }, 'replica read failed; reading the primary');
              this.served.failed++;
            }
          }
          if (results) {
            const replayed = fresh.length ? Number(results[1].rows[0].version) : Infinity;
            if (replayed >= (catalogVersion ?? 0)) {
              this.served.replica++;
              return results[results.length - 1].rows;
            }
            this.served.behind++;
          }
        } else if (this.pool) {
          this.served.unreachable++;
        }
        const results = await runScoped(primaryPool(this.ds), storeId, [], sql, params);
        return results[results.length - 1].rows;
      },
    } as Pick<EntityManager, 'query'>;
  }

  /** The context's store, read through `reader` (read-only queries only). */
  context(ctx: RequestContext, catalogVersion?: number): RequestContext {
    return ctx.withTx(this.reader(ctx.storeId, catalogVersion) as EntityManager, []);
  }

  /** Whether the replica answers within `timeoutMs`, and how far behind it is. */
  async status(timeoutMs = 2000): Promise<ReplicaStatus> {
    if (!this.pool) return { configured: false, up: false, lagSeconds: null };
    const pool = this.pool;
    let timer: NodeJS.Timeout | undefined;
    try {
      const { rows } = await Promise.race([
        pool.query<{ recovery: boolean; lag: number | null }>(
          `select pg_is_in_recovery() as recovery,
                  case when pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() then 0
                       else extract(epoch from now() - pg_last_xact_replay_timestamp())::float8
                  end as lag`,
        ),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no answer within ${timeoutMs} ms`)),
            timeoutMs,
          );
        }),
      ]);
      this.skipUntil = 0;
      return {
        configured: true,
        up: true,
        lagSeconds: rows[0].lag,
        ...(rows[0].recovery ? {} : { message: 'not in recovery: is it a replica?' }),
      };
    } catch (err) {
      this.failed(err);
      return { configured: true, up: false, lagSeconds: null, message: this.lastError ?? '' };
    } finally {
      clearTimeout(timer);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool?.end().catch(() => undefined);
  }

  private failed(err: unknown): void {
    const message = err instanceof Error ? err.message : String(err);
    // Logged once per outage, not per read.
    if (Date.now() >= this.skipUntil) {
      this.logger.warn({ err }, 'read replica unreachable; reading the primary');
    }
    this.lastError = message;
    this.skipUntil = Date.now() + RETRY_AFTER_MS;
  }
}
