import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@silkcart/shared';
import { CustomerRepository } from '../infrastructure/customer.repository';
import { UserRepository } from '../infrastructure/user.repository';
import { CustomerTokens } from './customer.use-cases';
import { toUserView, type UserView } from './identity.views';

/** A customer as other contexts see it. */
export interface CustomerSummary {
  id: string;
  email: string;
  name: string;
  createdAt: string;
}

/** A user as other contexts see it: the api's UserView. */
export type UserSummary = UserView;

/** What other contexts may ask of identity. */
@Injectable()
export class IdentityFacade {
  constructor(
    private readonly users: UserRepository,
    private readonly customers: CustomerRepository,
    private readonly customerTokens: CustomerTokens,
  ) {}

  /**
   * What a bearer token says on a store's storefront: `none` when it is no customer token
   * (a guest), the customer's id when it is a valid one of this store, `invalid` otherwise
   * (expired, forged, or another store's).
   */
  async customerOf(token: string, storeId: string): Promise<string | 'none' | 'invalid'> {
    return this.customerTokens.inspect(token, storeId);
  }

  /** A page of the store's customers, `q` matching email or name, newest first. */
  customerPage(
    ctx: RequestContext,
    filter: { q?: string; page: number; limit: number },
  ): Promise<{ items: CustomerSummary[]; total: number }> {
    return this.customers.page(ctx, filter);
  }

  async userByEmail(ctx: RequestContext, email: string): Promise<UserSummary | null> {
    const user = await this.users.findByEmail(ctx, email);
    return user ? toUserView(user) : null;
  }

  async usersByIds(ctx: RequestContext, ids: string[]): Promise<Map<string, UserSummary>> {
    const users = await this.users.findByIds(ctx, ids);
    return new Map(users.map((u) => [u.id, toUserView(u)]));
  }
}
