import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RequestContext } from './request-context';

/**
 * Opens the one transaction of a unit of work, sets the row-level-security variable for
 * that transaction only, and hands down a context carrying the transaction's manager.
 * Use cases never open transactions themselves.
 */
@Injectable()
export class TenantTx {
  constructor(private readonly ds: DataSource) {}

  run<T>(ctx: RequestContext, work: (ctx: RequestContext) => Promise<T>): Promise<T> {
    return this.ds.transaction(async (m) => {
      await m.query(`select set_config('app.store_id', $1, true)`, [ctx.storeId ?? '']);
      return work(ctx.withTx(m));
    });
  }
}
