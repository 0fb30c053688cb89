import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { RequestContext } from '@silkcart/shared';
import { DataSource } from 'typeorm';

/**
 * Writes the storefront read model (`storefront_product`, one row per active product with its
 * pre-rendered document; see migration 1763700700000): `storefront_refresh` rebuilds the rows
 * of the products given, in the caller's transaction, and drops those no longer active.
 *
 * After a bulk change (a seed or an import through the API, a category move over many
 * products) it runs ANALYZE once the burst is over, so that the planner knows the new rows
 * before autovacuum gets there (and on a server where autovacuum is off).
 */
@Injectable()
export class StorefrontReadModel implements OnApplicationShutdown {
  /** Rows written by this process since the last ANALYZE that call for a new one. */
  static analyzeAfterRows = 500;
  /** How long writes must pause before that ANALYZE runs (a long import: at most every 10 s). */
  static quietMs = 1000;
  private static readonly MAX_WAIT_MS = 10_000;

  private readonly logger = new Logger(StorefrontReadModel.name);
  private written = 0;
  private firstPending = 0;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(private readonly ds: DataSource) {}

  /** Rebuilds the rows of these products (any store scope of `ctx` applies). */
  async refresh(ctx: RequestContext, productIds: string[], currency: string): Promise<void> {
    const ids = [...new Set(productIds)];
    if (ids.length === 0) return;
    await ctx.manager.query(`select storefront_refresh($1::uuid[], $2)`, [ids, currency]);
    ctx.afterCommit(() => this.count(ids.length));
  }

  /** Active products filed under this category or any category below it. */
  async productsUnder(ctx: RequestContext, categoryId: string): Promise<string[]> {
    const rows: Array<{ id: string }> = await ctx.manager.query(
      `select product_id as id from storefront_category_product where category_id = $1`,
      [categoryId],
    );
    return rows.map((r) => r.id);
  }

  /** Resolves once no ANALYZE is pending or running (for tests and shutdown). */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  private count(rows: number): void {
    this.written += rows;
    if (this.written < StorefrontReadModel.analyzeAfterRows) return;
    const now = Date.now();
    if (!this.timer) this.firstPending = now;
    if (this.timer) clearTimeout(this.timer);
    const wait =
      now - this.firstPending >= StorefrontReadModel.MAX_WAIT_MS ? 0 : StorefrontReadModel.quietMs;
    this.timer = setTimeout(() => void this.analyze(), wait);
    this.timer.unref();
  }

  private async analyze(): Promise<void> {
    this.timer = null;
    if (this.running) return;
    this.written = 0;
    this.running = this.ds
      .query('select storefront_analyze()')
      .then(() => undefined)
      .catch((err: unknown) => this.logger.warn({ err }, 'ANALYZE after a bulk change failed'))
      .finally(() => (this.running = null));
    await this.running;
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.settled();
  }
}
