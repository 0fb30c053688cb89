import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Access, ACCESS_KEY, ContextCarrier, TenantTx } from '@silkcart/shared';
import { from, lastValueFrom, Observable } from 'rxjs';

/**
 * Runs the handler inside the request's one transaction, scoped by row-level security to
 * the request's store, and hands the handler a context carrying that transaction.
 */
@Injectable()
export class TenantTxInterceptor implements NestInterceptor {
  constructor(
    private readonly tx: TenantTx,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<ContextCarrier>();
    const access = this.reflector.getAllAndOverride<Access | undefined>(ACCESS_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    const ctx = req.silkcartContext;
    if (!ctx || access?.transaction === false) return next.handle();
    return from(
      this.tx.run(ctx, (txCtx) => {
        req.silkcartContext = txCtx;
        return lastValueFrom(next.handle(), { defaultValue: undefined });
      }),
    );
  }
}
