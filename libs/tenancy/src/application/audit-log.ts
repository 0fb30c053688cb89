import { Injectable } from '@nestjs/common';
import { IdentityFacade } from '@silkcart/identity';
import { Page, pageOf, RequestContext } from '@silkcart/shared';
import { ApiKeyRepository } from '../infrastructure/api-key.repository';
import {
  AuditEntryRow,
  AuditFilter,
  AuditLogRepository,
} from '../infrastructure/audit-log.repository';

/** One merchant write as the api's interceptor saw it succeed. */
export interface AuditedWrite {
  action: string;
  resourceType: string;
  resourceId: string | null;
  /** PATCH and PUT: take the `[before, after]` the database gathered. */
  isUpdate: boolean;
  ip: string | null;
}

/**
 * The store's audit log. The api's request interceptor is its one writer: it names the row a
 * write will update (`watch`), and after the handler succeeds, in the same transaction,
 * `record`s who did what to which resource; a failed write rolls the entry back with it.
 */
@Injectable()
export class AuditLog {
  constructor(
    private readonly entries: AuditLogRepository,
    private readonly keys: ApiKeyRepository,
    private readonly identity: IdentityFacade,
  ) {}

  watch(ctx: RequestContext, resourceId: string): Promise<void> {
    return this.entries.watch(ctx, resourceId);
  }

  async record(ctx: RequestContext, write: AuditedWrite): Promise<void> {
    await this.entries.insert(ctx, {
      action: write.action,
      resourceType: write.resourceType,
      resourceId: write.resourceId,
      actor: await this.actorOf(ctx),
      changes: write.isUpdate ? await this.entries.capturedChanges(ctx) : null,
      ip: write.ip,
    });
  }

  async list(
    ctx: RequestContext,
    filter: AuditFilter & { page: number; limit: number },
  ): Promise<Page<AuditEntryRow>> {
    const [items, total] = await this.entries.page(ctx, filter, filter);
    return pageOf(items, total, filter);
  }

  private async actorOf(ctx: RequestContext): Promise<AuditEntryRow['actor']> {
    switch (ctx.actor.kind) {
      case 'user': {
        const user = (await this.identity.usersByIds(ctx, [ctx.actor.id])).get(ctx.actor.id);
        return { type: 'user', id: ctx.actor.id, label: user?.email ?? null };
      }
      case 'apiKey':
        return {
          type: 'api_key',
          id: ctx.actor.id,
          label: await this.keys.nameOf(ctx, ctx.actor.id),
        };
      default:
        return { type: 'system', id: null, label: 'system' };
    }
  }
}
