import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SYSTEM_ROLE } from '../database/app-role';
import { DomainError } from '../errors/domain-error';
import { RequestContext } from './request-context';

/**
 * Opens the one transaction of a unit of work, sets the row-level-security variable for
 * that transaction only, and hands down a context carrying the transaction's manager.
 * Use cases never open transactions themselves.
 */
@Injectable()
export class TenantTx {
  constructor(private readonly ds: DataSource) {}

  async run<T>(ctx: RequestContext, work: (ctx: RequestContext) => Promise<T>): Promise<T> {
    const hooks: Array<() => void> = [];
    const outcome = await this.ds.transaction(async (m) => {
      await scopeToStore(m, ctx.storeId);
      try {
        return { value: await work(ctx.withTx(m, hooks)) };
      } catch (error) {
        if (error instanceof DomainError && error.keepsChanges) return { error };
        throw error;
      }
    });
    for (const hook of hooks) hook();
    if ('error' in outcome) throw outcome.error;
    return outcome.value;
  }

  /**
   * For system jobs that must see every store (expiring orders, pruning carts): the
   * transaction runs as silkcart_system, whose policy spans stores. Never used for requests.
   */
  async runAcrossStores<T>(
    ctx: RequestContext,
    work: (ctx: RequestContext) => Promise<T>,
  ): Promise<T> {
    const hooks: Array<() => void> = [];
    const value = await this.ds.transaction(async (m) => {
      await acrossStores(m);
      return work(ctx.withTx(m, hooks));
    });
    for (const hook of hooks) hook();
    return value;
  }
}

/** Switches the current transaction to the role that sees every store. */
export async function acrossStores(m: EntityManager): Promise<void> {
  await m.query(`set local role ${SYSTEM_ROLE}`);
}

/** Sets `app.store_id` for the current transaction only ('' when there is no store). */
export async function scopeToStore(m: EntityManager, storeId: string | null): Promise<void> {
  await m.query(`select set_config('app.store_id', $1, true)`, [storeId ?? '']);
}
