import { Injectable } from '@nestjs/common';
import { EmailDeliveryStats, RequestContext } from '@silkcart/shared';

/**
 * The store's emails sent and failed, by when each was made, from quarter-hour counts (whole
 * buckets: callers ask from and to the start of a day in some zone, a whole quarter hour).
 */
@Injectable()
export class NotificationEmailStats extends EmailDeliveryStats {
  async counts(
    ctx: RequestContext,
    fromUtc: Date,
    toUtc: Date,
  ): Promise<{ sent: number; failed: number }> {
    // email_rollup: kept by a trigger on notification (migrations/1763701600000-analytics.ts).
    const rows: Array<{ sent: number; failed: number }> = await ctx.manager.query(
      `select coalesce(sum(sent), 0)::float8 as sent, coalesce(sum(failed), 0)::float8 as failed
         from email_rollup where store_id = $1 and bucket >= $2 and bucket < $3`,
      [ctx.storeId, fromUtc, toUtc],
    );
    return rows[0];
  }
}
