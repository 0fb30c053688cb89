import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  Access,
  ACCESS_KEY,
  ContextCarrier,
  Idempotency,
  IDEMPOTENT_KEY,
  RequestContext,
  TenantTx,
} from '@silkcart/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, lastValueFrom, Observable } from 'rxjs';

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
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const targets = [context.getHandler(), context.getClass()];
    const req = context.switchToHttp().getRequest<FastifyRequest & ContextCarrier>();
    const access = this.reflector.getAllAndOverride<Access | undefined>(ACCESS_KEY, targets);
    const ctx = req.silkcartContext;
    if (!ctx) return next.handle();
    const handle = (txCtx: RequestContext) => {
      req.silkcartContext = txCtx;
      return lastValueFrom(next.handle(), { defaultValue: undefined });
    };
    const keyed = req.headers['idempotency-key'] !== undefined;
    // A route that opens its own transactions needs the outer one only to keep an answer.
    const wrapped = access?.transaction !== false || keyed;
    if (wrapped && this.reflector.getAllAndOverride<boolean>(IDEMPOTENT_KEY, targets)) {
      const reply = context.switchToHttp().getResponse<FastifyReply>();
      return from(this.idempotent(ctx, req, reply, handle));
    }
    if (access?.transaction === false) return next.handle();
    return from(this.tx.run(ctx, handle));
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
