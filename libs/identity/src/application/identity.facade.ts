import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@silkcart/shared';
import { CustomerRepository } from '../infrastructure/customer.repository';
import {
  CustomerExportRepository,
  CustomerExportRow,
} from '../infrastructure/customer-export.repository';
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

/** A customer's saved address: the order address shape with its id. */
export type CustomerAddress = { id: string } & object;

/** A user as other contexts see it: the api's UserView. */
export type UserSummary = UserView;

/** What other contexts may ask of identity. */
@Injectable()
export class IdentityFacade {
  constructor(
    private readonly users: UserRepository,
    private readonly customers: CustomerRepository,
    private readonly customerTokens: CustomerTokens,
    private readonly customerExports: CustomerExportRepository,
  ) {}

  /**
   * Exports: a keyset page of the store's customers created or changed since `since` (and
   * those in `alsoIds`), in creation order; `next` is the cursor of the following page.
   */
  customersForExport(
    ctx: RequestContext,
    q: { since: string | null; alsoIds: string[]; after: string | null; limit: number },
  ): Promise<{ rows: CustomerExportRow[]; next: string | null }> {
    return this.customerExports.page(ctx, q);
  }

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

  /** Privacy export: the store's customer account with this email (any case), its addresses. */
  async customerRecord(
    ctx: RequestContext,
    email: string,
  ): Promise<{ customer: CustomerSummary | null; addresses: CustomerAddress[] }> {
    const row = await this.customers.byEmail(ctx, email);
    if (!row) return { customer: null, addresses: [] };
    const { passwordHash: _hash, ...customer } = row;
    return { customer, addresses: await this.customers.addresses(ctx, row.id) };
  }

  /**
   * Privacy erasure: deletes the customer account with its refresh and reset tokens and its
   * addresses (its access tokens are refused from then on: customerOf checks the account).
   * Answers how many accounts went (0 or 1).
   */
  eraseCustomer(ctx: RequestContext, customerId: string): Promise<number> {
    return this.customers.erase(ctx, customerId);
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
