import { Injectable } from '@nestjs/common';
import { isoTimestamp, RequestContext } from '@silkcart/shared';

export interface CustomerExportRow {
  id: string;
  email: string;
  name: string;
  createdAt: string;
}

/**
 * Keyset pages of the store's customers for exports, in creation order: those created or
 * changed since `since`, plus `alsoIds` (customers whose orders changed, as ordering knows).
 */
@Injectable()
export class CustomerExportRepository {
  async page(
    ctx: RequestContext,
    q: { since: string | null; alsoIds: string[]; after: string | null; limit: number },
  ): Promise<{ rows: CustomerExportRow[]; next: string | null }> {
    const params: unknown[] = [ctx.storeId];
    let where = 'store_id = $1';
    if (q.since) {
      where += ` and (updated_at >= $${params.push(q.since)}::timestamptz
                      or id = any($${params.push(q.alsoIds)}::uuid[]))`;
    }
    const after: string[] | null = q.after ? JSON.parse(q.after) : null;
    if (after) {
      where += ` and (created_at, id) > ($${params.push(after[0])}::timestamptz, $${params.push(after[1])}::uuid)`;
    }
    const rows: Array<CustomerExportRow & { k_at: string }> = await ctx.manager.query(
      `select id, email, name, ${isoTimestamp('created_at', 'createdAt')}, created_at::text as k_at
         from customer where ${where}
        order by created_at, id limit $${params.push(q.limit)}`,
      params,
    );
    const last = rows[rows.length - 1];
    return {
      rows: rows.map(({ k_at: _k, ...row }) => row),
      next: rows.length === q.limit ? JSON.stringify([last.k_at, last.id]) : null,
    };
  }
}
