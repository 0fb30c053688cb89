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
  NO_API_KEYS,
  NotFound,
  RequestContext,
  roleAllows,
  StoreId,
  Unauthenticated,
  UserId,
} from '@silkcart/shared';
import { IdentityFacade } from '@silkcart/identity';
import { TenancyFacade } from '@silkcart/tenancy';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PinoLogger } from 'nestjs-pino';
import { RateLimits } from './rate-limits';

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
    private readonly limits: RateLimits,
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
    const bearer = /^Bearer (\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    // A key on a merchant route, or on /auth/* (refused there); storefront routes ignore it.
    const keyed =
      access.kind === 'user' || access.kind === 'store' || req.url.startsWith('/api/v1/auth/');
    if (bearer?.startsWith('silk_') && keyed) {
      return this.withApiKey(context, req, access, bearer, params.storeId ?? '');
    }
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const writes = req.method !== 'GET' && req.method !== 'HEAD';
    switch (access.kind) {
      case 'public':
        if (access.storefrontWrite) await this.limits.storefrontWrite(reply, req.ip, 'checkout');
        req.silkcartContext = RequestContext.anonymous(req.id);
        return true;
      case 'storefront':
      case 'customer': {
        const store = await this.tenancy.storeBySlug(params.storeSlug ?? '');
        if (!store) throw new StoreNotVisible();
        if (writes) await this.limits.storefrontWrite(reply, req.ip, store.id);
        await this.checkPublishableKey(req, access, store);
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

  /**
   * `X-Publishable-Key`: when sent it must be a live publishable key of this store (a secret key
   * never is); when the store requires one, it must be sent (pages a browser lands on excepted).
   */
  private async checkPublishableKey(
    req: GuardedRequest,
    access: Access,
    store: { id: string; requirePublishableKey: boolean },
  ): Promise<void> {
    const header = req.headers['x-publishable-key'];
    const sent = typeof header === 'string' ? header : undefined;
    const exempt = access.kind === 'storefront' && access.withoutPublishableKey === true;
    if (sent === undefined) {
      if (store.requirePublishableKey && !exempt) {
        throw new Unauthenticated("This store's storefront needs its X-Publishable-Key");
      }
      return;
    }
    const key = await this.tenancy.apiKey(sent);
    if (!key || key.type !== 'publishable' || key.storeId !== store.id) {
      throw new Unauthenticated('X-Publishable-Key is not a publishable key of this store');
    }
  }

  /**
   * A secret API key acts on its own store's routes with its role, under the same matrix as
   * users; never on /stores itself, /auth/*, members or keys (403). Another store's path is a
   * 404; a revoked, unknown or publishable key a 401.
   */
  private async withApiKey(
    context: ExecutionContext,
    req: GuardedRequest,
    access: Access,
    text: string,
    storeId: string,
  ): Promise<boolean> {
    const key = await this.tenancy.apiKey(text);
    if (!key || key.type !== 'secret' || !key.role) {
      throw new Unauthenticated('The API key is unknown, revoked or not a secret key');
    }
    await this.limits.apiKey(context.switchToHttp().getResponse<FastifyReply>(), key.id);
    const barred = this.reflector.getAllAndOverride<boolean | undefined>(NO_API_KEYS, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (access.kind !== 'store' || barred) throw new Forbidden('API keys may not do this');
    if (storeId !== key.storeId) throw new StoreNotVisible();
    if (!roleAllows(key.role, access.permission)) {
      throw new Forbidden(`The key's ${key.role} role may not do this`);
    }
    req.silkcartContext = RequestContext.forApiKey(
      req.id,
      key.storeId as StoreId,
      key.id,
      key.role,
    );
    this.pino.assign({ apiKeyId: key.id, storeId: key.storeId });
    return true;
  }

  override handleRequest<U>(err: unknown, user: U | false): U {
    if (err || !user) throw new Unauthenticated('A valid bearer access token is required');
    return user;
  }
}
