import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@silkcart/shared';

/**
 * The store's activity log (who changed settings or members, and when). A tenant-owned
 * table: row-level security keeps each store's entries to itself.
 */
@Injectable()
export class StoreActivity {
  async record(
    ctx: RequestContext,
    action: string,
    details: Record<string, unknown> = {},
  ): Promise<void> {
    await ctx.manager.query(
      `insert into store_activity (store_id, actor_id, action, details) values ($1, $2, $3, $4)`,
      [ctx.storeId, ctx.actor.id, action, JSON.stringify(details)],
    );
  }
}
