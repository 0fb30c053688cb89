import { ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import {
  Access,
  ACCESS_KEY,
  ContextCarrier,
  CustomerId,
  Forbidden,
  isUuid,
  NotFound,
  RequestContext,
  roleAllows,
  StoreId,
  Unauthenticated,
  UserId,
} from '@silkcart/shared';
import { IdentityFacade } from '@silkcart/identity';
import { TenancyFacade } from '@silkcart/tenancy';
import type { FastifyRequest } from 'fastify';
import { PinoLogger } from 'nestjs-pino';

type GuardedRequest = FastifyRequest & ContextCarrier & { user?: { userId: string } };

/** Thrown for a store the caller may not see: never reveal that it exists. */
class StoreNotVisible extends NotFound {
  constructor() {
    super('No such store');
  }
}

/**
 * Builds the request's RequestContext once: the bearer token (passport-jwt) for `user` and
 * `store` routes, the membership and role for `:storeId` (404 for a non-member, 403 for a
 * role too low), the store for `:storeSlug`. A handler that declares no access is refused.
 */
@Injectable()
export class AccessGuard extends AuthGuard('jwt') {
  private readonly logger = new Logger(AccessGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly tenancy: TenancyFacade,
    private readonly identity: IdentityFacade,
    private readonly pino: PinoLogger,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const access = this.reflector.getAllAndOverride<Access | undefined>(ACCESS_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    const req = context.switchToHttp().getRequest<GuardedRequest>();
    if (!access) {
      this.logger.error(
        `${context.getClass().name}.${context.getHandler().name} declares no access`,
      );
      throw new Forbidden('This route is closed');
    }
    const params = req.params as Record<string, string | undefined>;
    switch (access.kind) {
      case 'public':
        req.silkcartContext = RequestContext.anonymous(req.id);
        return true;
      case 'storefront':
      case 'customer': {
        const store = await this.tenancy.storeBySlug(params.storeSlug ?? '');
        if (!store) throw new StoreNotVisible();
        const bearer = /^Bearer (\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
        const customer = bearer ? await this.identity.customerOf(bearer, store.id) : 'none';
        if (customer === 'invalid' || (access.kind === 'customer' && customer === 'none')) {
          throw new Unauthenticated('A valid customer access token of this store is required');
        }
        req.silkcartContext =
          customer === 'none'
            ? RequestContext.anonymous(req.id).inStore(store.id as StoreId, null)
            : RequestContext.forCustomer(req.id, store.id as StoreId, customer as CustomerId);
        this.pino.assign({ storeId: store.id });
        return true;
      }
      case 'user':
      case 'store': {
        await super.canActivate(context);
        const userId = req.user?.userId as UserId;
        let ctx = RequestContext.forUser(req.id, userId);
        if (access.kind === 'store') {
          const storeId = params.storeId ?? '';
          const role = isUuid(storeId) ? await this.tenancy.roleIn(storeId, userId) : null;
          if (!role) throw new StoreNotVisible();
          if (!roleAllows(role, access.permission)) {
            throw new Forbidden(`The ${role} role may not do this`);
          }
          ctx = ctx.inStore(storeId as StoreId, role);
        }
        req.silkcartContext = ctx;
        this.pino.assign({ userId, ...(ctx.storeId ? { storeId: ctx.storeId } : {}) });
        return true;
      }
    }
  }

  override handleRequest<U>(err: unknown, user: U | false): U {
    if (err || !user) throw new Unauthenticated('A valid bearer access token is required');
    return user;
  }
}
