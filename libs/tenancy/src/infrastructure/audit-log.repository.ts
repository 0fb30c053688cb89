import { Injectable } from '@nestjs/common';
import { isoTimestamp, RequestContext, selectPage } from '@silkcart/shared';

export interface AuditEntryRow {
  id: string;
  action: string;
  resourceType: string;
  resourceId: string | null;
  actor: { type: 'user' | 'api_key' | 'system'; id: string | null; label: string | null };
  changes: Record<string, [unknown, unknown]> | null;
  requestId: string | null;
  ip: string | null;
  createdAt: string;
}

export interface NewAuditEntry {
  action: string;
  resourceType: string;
  resourceId: string | null;
  actor: AuditEntryRow['actor'];
  changes: Record<string, [unknown, unknown]> | null;
  ip: string | null;
}

export interface AuditFilter {
  action?: string;
  actorId?: string;
  resourceType?: string;
  resourceId?: string;
  from?: string;
  to?: string;
}

const COLUMNS = `id, action, resource_type as "resourceType", resource_id as "resourceId",
  json_build_object('type', actor_type, 'id', actor_id, 'label', actor_label) as actor, changes,
  request_id as "requestId", ip, ${isoTimestamp('created_at', 'createdAt')}`;

/** The store's audit log: inserted and read, never changed (the database refuses it). */
@Injectable()
export class AuditLogRepository {
  async insert(ctx: RequestContext, entry: NewAuditEntry): Promise<void> {
    await ctx.manager.query(
      `insert into audit_log (store_id, action, resource_type, resource_id, actor_type, actor_id,
                              actor_label, changes, request_id, ip)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        ctx.storeId,
        entry.action,
        entry.resourceType,
        entry.resourceId,
        entry.actor.type,
        entry.actor.id,
        entry.actor.label,
        entry.changes === null ? null : JSON.stringify(entry.changes),
        ctx.requestId,
        entry.ip,
      ],
    );
  }

  /** The update's `[before, after]` per field, as the `audit_capture` trigger gathered them. */
  async capturedChanges(ctx: RequestContext): Promise<Record<string, [unknown, unknown]>> {
    const [{ changes }] = await ctx.manager.query(
      `select coalesce(nullif(current_setting('app.audit_changes', true), ''), '{}')::jsonb as changes`,
    );
    return changes as Record<string, [unknown, unknown]>;
  }

  /** Names the row an update's changes are taken from, for this transaction. */
  async watch(ctx: RequestContext, resourceId: string): Promise<void> {
    await ctx.manager.query(
      `select set_config('app.audit_target', $1, true), set_config('app.audit_changes', '', true)`,
      [resourceId],
    );
  }

  async page(
    ctx: RequestContext,
    filter: AuditFilter,
    page: { page: number; limit: number },
  ): Promise<[AuditEntryRow[], number]> {
    const params: unknown[] = [ctx.storeId];
    const where = ['store_id = $1'];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.action) add('action = ?', filter.action);
    if (filter.actorId) add('actor_id = ?', filter.actorId);
    if (filter.resourceType) add('resource_type = ?', filter.resourceType);
    if (filter.resourceId) add('resource_id = ?', filter.resourceId);
    if (filter.from) add('created_at >= ?', filter.from);
    if (filter.to) add('created_at <= ?', filter.to);
    return selectPage<AuditEntryRow>(
      ctx.manager,
      {
        select: COLUMNS,
        from: 'audit_log',
        where: where.join(' and '),
        orderBy: 'created_at desc, id desc',
      },
      params,
      page,
    );
  }
}
