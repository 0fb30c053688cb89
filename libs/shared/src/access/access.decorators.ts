import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { RequestContext } from '../context/request-context';
import type { Permission } from './permissions';

export const ACCESS_KEY = 'silkcart:access';

/**
 * How a route is reached. Every handler declares exactly one; the guard refuses a handler
 * that declares none (fails closed).
 * - `public`: anyone (no token).
 * - `user`: any signed-in user, no store.
 * - `store`: a member of `:storeId` whose role allows `permission`.
 * - `storefront`: anyone, in the store named by `:storeSlug` (as the customer when a customer
 *   token of that store is sent; another store's customer token is a 401).
 * - `customer`: a customer signed in to the store named by `:storeSlug`.
 * `storefrontWrite` puts a public route under the storefront write budget (checkout); storefront
 * and customer routes other than GET are under it anyway.
 * `transaction: false` leaves the handler without the request transaction: for operations
 * routes that must not touch the database (health, metrics) and reads that open one only
 * when they need it.
 */
export type Access =
  | { kind: 'public'; transaction?: boolean; storefrontWrite?: boolean }
  | { kind: 'user'; transaction?: boolean }
  | { kind: 'store'; permission: Permission; transaction?: boolean }
  | { kind: 'storefront'; transaction?: boolean; withoutPublishableKey?: boolean }
  | { kind: 'customer'; transaction?: boolean };

interface AccessOptions {
  transaction?: boolean;
}

export const Public = (options: AccessOptions & { storefrontWrite?: boolean } = {}) =>
  SetMetadata(ACCESS_KEY, { kind: 'public', ...options } satisfies Access);
export const Authenticated = (options: AccessOptions = {}) =>
  SetMetadata(ACCESS_KEY, { kind: 'user', ...options } satisfies Access);
export const Allow = (permission: Permission, options: AccessOptions = {}) =>
  SetMetadata(ACCESS_KEY, { kind: 'store', permission, ...options } satisfies Access);
/**
 * `withoutPublishableKey`: reachable even when the store requires its publishable key (pages a
 * browser lands on, which cannot send headers).
 */
export const Storefront = (options: AccessOptions & { withoutPublishableKey?: boolean } = {}) =>
  SetMetadata(ACCESS_KEY, { kind: 'storefront', ...options } satisfies Access);

export const CustomerOnly = (options: AccessOptions = {}) =>
  SetMetadata(ACCESS_KEY, { kind: 'customer', ...options } satisfies Access);

export const NO_API_KEYS = 'silkcart:no-api-keys';

/** Routes a secret API key may never reach, whatever its role (members, the keys themselves). */
export const NoApiKeys = () => SetMetadata(NO_API_KEYS, true);

/** Where the guard leaves the context it built. */
export interface ContextCarrier {
  silkcartContext?: RequestContext;
}

/** The request's RequestContext (with its transaction once the interceptor opened it). */
export const Ctx = createParamDecorator((_: unknown, host: ExecutionContext): RequestContext => {
  const ctx = host.switchToHttp().getRequest<ContextCarrier>().silkcartContext;
  if (!ctx) throw new Error('No RequestContext on this request: is the route declared?');
  return ctx;
});

export const AUDIT_KEY = 'silkcart:audit';

/**
 * The audit action of a store write when the one read off its route (`product.created`,
 * `order.fulfilled`…) is not the right word (`member.role_changed`); `false` for a POST that
 * changes nothing (a delivery retry, AI copy), which writes no entry.
 */
export const Audit = (action: string | false) => SetMetadata(AUDIT_KEY, action);
