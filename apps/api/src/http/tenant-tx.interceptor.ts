import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  Access,
  ACCESS_KEY,
  AUDIT_KEY,
  ContextCarrier,
  Idempotency,
  IDEMPOTENT_KEY,
  RequestContext,
  TenantTx,
} from '@silkcart/shared';
import { AuditLog } from '@silkcart/tenancy';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, lastValueFrom, Observable } from 'rxjs';
import { AuditTarget, auditTargetOf } from './audit-action';

/**
 * Runs the handler inside the request's one transaction, scoped by row-level security to
 * the request's store, and hands the handler a context carrying that transaction. A route
 * declared `@Idempotent()` runs through `Idempotency` instead, whose transaction also keeps
 * the answer for a retry with the same `Idempotency-Key`.
 */
@Injectable()
export class TenantTxInterceptor implements NestInterceptor {
  constructor(
    private readonly tx: TenantTx,
    private readonly idempotency: Idempotency,
    private readonly reflector: Reflector,
    private readonly auditLog: AuditLog,
  ) {}

  /** Each store route's audit target, read off its template once. */
  private readonly targets = new Map<unknown, AuditTarget | null>();

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const targets = [context.getHandler(), context.getClass()];
    const req = context.switchToHttp().getRequest<FastifyRequest & ContextCarrier>();
    const access = this.reflector.getAllAndOverride<Access | undefined>(ACCESS_KEY, targets);
    const ctx = req.silkcartContext;
    if (!ctx) return next.handle();
    const audit = access?.kind === 'store' ? this.auditTarget(context, req) : null;
    const params = req.params as Record<string, string | undefined>;
    const named = audit?.idParam ? (params[audit.idParam] ?? null) : null;
    const handle = async (txCtx: RequestContext) => {
      req.silkcartContext = txCtx;
      if (audit?.isUpdate && named) await this.auditLog.watch(txCtx, named);
      const body = await lastValueFrom(next.handle(), { defaultValue: undefined });
      if (audit) await this.record(txCtx, req, audit, named, body);
      return body;
    };
    const keyed = req.headers['idempotency-key'] !== undefined;
    // A route that opens its own transactions needs the outer one only to keep an answer.
    const wrapped = access?.transaction !== false || keyed;
    if (wrapped && this.reflector.getAllAndOverride<boolean>(IDEMPOTENT_KEY, targets)) {
      const reply = context.switchToHttp().getResponse<FastifyReply>();
      return from(this.idempotent(ctx, req, reply, handle));
    }
    if (access?.transaction !== false) return from(this.tx.run(ctx, handle));
    if (!audit) return next.handle();
    // Its own transactions hold the write; the entry follows in one more once it succeeded.
    return from(
      lastValueFrom(next.handle(), { defaultValue: undefined }).then(async (body) => {
        await this.tx.run(ctx, (txCtx) => this.record(txCtx, req, audit, named, body));
        return body;
      }),
    );
  }

  private record(
    ctx: RequestContext,
    req: FastifyRequest,
    audit: AuditTarget,
    named: string | null,
    body: unknown,
  ): Promise<void> {
    const answered = (body ?? {}) as { id?: unknown; userId?: unknown };
    const id = answered.id ?? answered.userId;
    return this.auditLog.record(ctx, {
      action: audit.action,
      resourceType: audit.resourceType,
      resourceId: named ?? (typeof id === 'string' ? id : null),
      isUpdate: audit.isUpdate,
      ip: req.ip ?? null,
    });
  }

  private auditTarget(context: ExecutionContext, req: FastifyRequest): AuditTarget | null {
    const handler = context.getHandler();
    if (!this.targets.has(handler)) {
      const action = this.reflector.getAllAndOverride<string | false | undefined>(AUDIT_KEY, [
        handler,
        context.getClass(),
      ]);
      this.targets.set(
        handler,
        action === false ? null : auditTargetOf(req.method, req.routeOptions.url ?? '', action),
      );
    }
    return this.targets.get(handler) ?? null;
  }

  private async idempotent(
    ctx: RequestContext,
    req: FastifyRequest,
    reply: FastifyReply,
    handle: (ctx: RequestContext) => Promise<unknown>,
  ): Promise<unknown> {
    const header = req.headers['idempotency-key'];
    const key = Array.isArray(header) ? header[0] : header;
    const hash = Idempotency.hash(req.method, req.url.split('?')[0], req.body);
    const result = await this.idempotency.run(ctx, key, hash, async (txCtx) => {
      const body = await handle(txCtx);
      return { status: reply.statusCode, body };
    });
    reply.status(result.status);
    if (result.replayed) reply.header('idempotent-replayed', 'true');
    return result.body;
  }
}
