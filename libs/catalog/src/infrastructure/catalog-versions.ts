import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, AppConfig, appRoleOptions, RequestContext } from '@silkcart/shared';
import { Client } from 'pg';
import { DataSource } from 'typeorm';

/**
 * The per-store catalog version that storefront caches key on. Every catalog write bumps it
 * in its own transaction; this process then knows the new version at once (after commit),
 * and other processes learn it from PostgreSQL's NOTIFY, which is sent only on commit.
 * Until a store's version is known here it is read from the database (no transaction
 * needed: versions are readable by any scope).
 */
@Injectable()
export class CatalogVersions implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(CatalogVersions.name);
  private readonly known = new Map<string, number>();
  private listener: Client | null = null;
  private closed = false;

  constructor(
    private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    // A read replica needs the versions too: to know whether it has replayed a store's writes.
    if (this.config.storefrontCache || this.config.databaseReadUrl) await this.listen();
  }

  /** The version when this process is sure of it without asking (listening, seen before). */
  peek(storeId: string): number | undefined {
    return this.listener ? this.known.get(storeId) : undefined;
  }

  async current(storeId: string): Promise<number> {
    const known = this.peek(storeId);
    if (known !== undefined) return known;
    const rows: Array<{ version: string }> = await this.ds.query(
      `select version from catalog_version where store_id = $1`,
      [storeId],
    );
    const version = rows.length ? Number(rows[0].version) : 0;
    this.learn(storeId, version);
    return version;
  }

  /** Call in the transaction of every catalog write. */
  async bump(ctx: RequestContext): Promise<number> {
    const rows: Array<{ version: string }> = await ctx.manager.query(
      `insert into catalog_version (store_id, version) values ($1, 1)
       on conflict (store_id) do update set version = catalog_version.version + 1
       returning version`,
      [ctx.storeId],
    );
    const version = Number(rows[0].version);
    const storeId = ctx.storeId as string;
    ctx.afterCommit(() => this.learn(storeId, version));
    return version;
  }

  /** Remembered only while listening: without NOTIFY, other processes' writes go unseen. */
  private learn(storeId: string, version: number): void {
    if (!this.listener) return;
    if ((this.known.get(storeId) ?? -1) < version) this.known.set(storeId, version);
  }

  private async listen(): Promise<void> {
    const url = this.config.databaseUrl as string;
    const client = new Client({ connectionString: url, ...(await appRoleOptions(url)) });
    client.on('notification', (n) => {
      const [storeId, version] = (n.payload ?? '').split(':');
      if (storeId && version) this.learn(storeId, Number(version));
    });
    client.on('error', (err) => {
      if (this.closed || this.listener !== client) return;
      this.logger.warn(
        { err },
        'catalog version listener lost; reading versions from the database',
      );
      this.lost(client);
    });
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query('listen catalog_version');
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
    // Nothing is known yet, so a notification that arrived before this line cost nothing.
    this.listener = client;
  }

  /** Forget what was learned (writes may go unseen from now on) and listen again. */
  private lost(client: Client): void {
    if (this.listener !== client) return;
    this.listener = null;
    this.known.clear();
    this.listenLater();
  }

  private listenLater(): void {
    if (this.closed) return;
    setTimeout(() => void this.listen().catch(() => this.listenLater()), 1000).unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    const client = this.listener;
    this.listener = null;
    await client?.end().catch(() => undefined);
  }
}
