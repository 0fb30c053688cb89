import { Injectable } from '@nestjs/common';
import { isoTimestamp, RequestContext, TAKEN, unlessTaken } from '@silkcart/shared';
import { DataSource } from 'typeorm';

export interface DomainRow {
  id: string;
  hostname: string;
  status: 'pending' | 'verified';
  verificationValue: string;
  createdAt: string;
  verifiedAt: string | null;
}

const COLUMNS = `id, hostname, status, verification_value as "verificationValue",
  ${isoTimestamp('created_at', 'createdAt')}, ${isoTimestamp('verified_at', 'verifiedAt')}`;

/** A store's custom domains; a hostname is held by one store at most. */
@Injectable()
export class DomainRepository {
  constructor(private readonly ds: DataSource) {}

  /** The new domain, or TAKEN when any store holds the hostname. */
  insert(
    ctx: RequestContext,
    hostname: string,
    verificationValue: string,
  ): Promise<DomainRow | typeof TAKEN> {
    return unlessTaken(
      ctx,
      async () =>
        (
          await ctx.manager.query(
            `insert into store_domain (store_id, hostname, verification_value)
             values ($1, $2, $3) returning ${COLUMNS}`,
            [ctx.storeId, hostname, verificationValue],
          )
        )[0] as DomainRow,
      'store_domain_hostname',
    );
  }

  list(ctx: RequestContext): Promise<DomainRow[]> {
    return ctx.manager.query(
      `select ${COLUMNS} from store_domain where store_id = $1 order by created_at, id`,
      [ctx.storeId],
    );
  }

  async find(ctx: RequestContext, id: string): Promise<DomainRow | null> {
    const rows: DomainRow[] = await ctx.manager.query(
      `select ${COLUMNS} from store_domain where id = $1 and store_id = $2`,
      [id, ctx.storeId],
    );
    return rows[0] ?? null;
  }

  async markVerified(ctx: RequestContext, id: string): Promise<DomainRow> {
    const rows: DomainRow[] = await ctx.manager.query(
      `with verified as (
         update store_domain set status = 'verified', verified_at = coalesce(verified_at, now())
          where id = $1 and store_id = $2 returning *)
       select ${COLUMNS} from verified`,
      [id, ctx.storeId],
    );
    return rows[0];
  }

  async remove(ctx: RequestContext, id: string): Promise<string | null> {
    const rows: Array<{ hostname: string }> = await ctx.manager.query(
      `with removed as (delete from store_domain where id = $1 and store_id = $2 returning hostname)
       select hostname from removed`,
      [id, ctx.storeId],
    );
    return rows[0]?.hostname ?? null;
  }

  /** The slug of the store whose verified domain this is, whatever the store (no transaction). */
  async slugByHostname(hostname: string): Promise<string | null> {
    const rows: Array<{ slug: string | null }> = await this.ds.query(
      `select store_slug_by_domain($1) as slug`,
      [hostname],
    );
    return rows[0]?.slug ?? null;
  }
}
