import { Injectable } from '@nestjs/common';
import { IdentityFacade, type UserSummary } from '@silkcart/identity';
import { RequestContext, Role, isRole } from '@silkcart/shared';
import { LRUCache } from 'lru-cache';
import { DataSource } from 'typeorm';
import type { StoreSettings } from '../domain/store-settings';
import { StoreNotFound } from '../domain/tenancy.errors';
import { StoreRepository } from '../infrastructure/store.repository';

export interface StoreRef {
  id: string;
  slug: string;
  name: string;
  currency: string;
}

/**
 * What the api's guard and other contexts may ask of tenancy. The two lookups the guard
 * makes run before the request's transaction, on tables without row-level security.
 */
@Injectable()
export class TenancyFacade {
  private readonly bySlug = new LRUCache<string, StoreRef>({ max: 10_000, ttl: 60_000 });

  constructor(
    private readonly ds: DataSource,
    private readonly stores: StoreRepository,
    private readonly identity: IdentityFacade,
  ) {}

  /** The caller's role in the store, or null when not a member (or no such store). */
  async roleIn(storeId: string, userId: string): Promise<Role | null> {
    const rows: Array<{ role: string }> = await this.ds.query(
      `select role from membership where store_id = $1 and user_id = $2`,
      [storeId, userId],
    );
    const role = rows[0]?.role;
    return isRole(role) ? role : null;
  }

  /**
   * Storefront requests resolve their store by slug on every call: kept in memory for a
   * minute (a store's slug and currency never change; a new name shows within the minute).
   */
  async storeBySlug(slug: string): Promise<StoreRef | null> {
    const cached = this.knownStoreBySlug(slug);
    if (cached) return cached;
    const rows: StoreRef[] = await this.ds.query(
      `select id, slug, name, currency from store where slug = $1`,
      [slug],
    );
    if (rows[0]) this.bySlug.set(slug, rows[0]);
    return rows[0] ?? null;
  }

  /** The store when it was looked up within the minute: answers without waiting. */
  knownStoreBySlug(slug: string): StoreRef | undefined {
    return this.bySlug.get(slug);
  }

  async settingsOf(
    ctx: RequestContext,
  ): Promise<StoreSettings & { currency: string; name: string; supportEmail: string | null }> {
    const store = await this.stores.findById(ctx, ctx.storeId as string);
    if (!store) throw new StoreNotFound();
    return {
      ...store.effectiveSettings,
      currency: store.currency,
      name: store.name,
      supportEmail: store.supportEmail,
    };
  }

  /** The StoreAdmins of the context's store, for notices such as low stock. */
  async adminsOf(ctx: RequestContext): Promise<UserSummary[]> {
    const rows: Array<{ user_id: string }> = await ctx.manager.query(
      `select user_id from membership where store_id = $1 and role = 'StoreAdmin'`,
      [ctx.storeId],
    );
    return [
      ...(
        await this.identity.usersByIds(
          ctx,
          rows.map((r) => r.user_id),
        )
      ).values(),
    ];
  }
}
