import { Injectable } from '@nestjs/common';
import { IdentityFacade, type UserSummary } from '@silkcart/identity';
import { RequestContext, Role, isRole } from '@silkcart/shared';
import { LRUCache } from 'lru-cache';
import type { StoreSettings } from '../domain/store-settings';
import { StoreNotFound } from '../domain/tenancy.errors';
import { MembershipRepository } from '../infrastructure/membership.repository';
import { ApiKeys, FoundApiKey } from './api-keys';
import { StoreRepository } from '../infrastructure/store.repository';
import { DomainRepository } from '../infrastructure/domain.repository';
import type { PlanMetric } from '../domain/plan';
import { Usage } from './usage';

/**
 * A storefront request by verified domain names its store `~<hostname>` in place of a slug
 * (slugs never hold `~`): `/storefront/...` is rewritten to `/catalog/~<host>/...`.
 */
export const BY_HOST = '~';

export interface StoreRef {
  id: string;
  slug: string;
  name: string;
  currency: string;
  /** Storefront routes need the store's publishable key (the store setting). */
  requirePublishableKey: boolean;
}

/**
 * What the api's guard and other contexts may ask of tenancy. The two lookups the guard
 * makes run before the request's transaction, on tables without row-level security.
 */
@Injectable()
export class TenancyFacade {
  private readonly bySlug = new LRUCache<string, StoreRef>({ max: 10_000, ttl: 60_000 });
  private readonly currencies = new LRUCache<string, string>({ max: 10_000 });

  constructor(
    private readonly stores: StoreRepository,
    private readonly members: MembershipRepository,
    private readonly identity: IdentityFacade,
    private readonly apiKeys: ApiKeys,
    private readonly domains: DomainRepository,
    private readonly usage: Usage,
  ) {}

  /** The live API key this text is (secret or publishable), or null. */
  apiKey(text: string): Promise<FoundApiKey | null> {
    return this.apiKeys.find(text);
  }

  /** The caller's role in the store, or null when not a member (or no such store). */
  async roleIn(storeId: string, userId: string): Promise<Role | null> {
    const role = await this.members.roleOf(storeId, userId);
    return isRole(role) ? role : null;
  }

  /**
   * Storefront requests resolve their store by slug on every call: kept in memory for a
   * minute (a store's slug and currency never change; a new name or storefront setting shows at
   * once in the process that changed it, within the minute in the others).
   */
  async storeBySlug(slug: string): Promise<StoreRef | null> {
    const cached = this.knownStoreBySlug(slug);
    if (cached) return cached;
    let store: StoreRef | null;
    if (slug.startsWith(BY_HOST)) {
      const owner = await this.domains.slugByHostname(slug.slice(BY_HOST.length));
      store = owner ? await this.stores.refBySlug(owner) : null;
    } else {
      store = await this.stores.refBySlug(slug);
    }
    if (store) this.bySlug.set(slug, store);
    return store;
  }

  /** Drops what this process remembers of the store a hostname served. */
  forgetHostname(hostname: string): void {
    this.bySlug.delete(BY_HOST + hostname);
  }

  /** Drops what this process remembers of a store (its settings changed). */
  forget(slug: string): void {
    this.bySlug.delete(slug);
  }

  /** The store when it was looked up within the minute: answers without waiting. */
  knownStoreBySlug(slug: string): StoreRef | undefined {
    return this.bySlug.get(slug);
  }

  /** The context's store's currency (it never changes, so it is kept once read). */
  async currencyOf(ctx: RequestContext): Promise<string> {
    const storeId = ctx.storeId as string;
    const known = this.currencies.get(storeId);
    if (known) return known;
    const store = await this.stores.findById(ctx, storeId);
    if (!store) throw new StoreNotFound();
    this.currencies.set(storeId, store.currency);
    return store.currency;
  }

  async settingsOf(
    ctx: RequestContext,
  ): Promise<
    StoreSettings & { currency: string; name: string; slug: string; supportEmail: string | null }
  > {
    const store = await this.stores.findById(ctx, ctx.storeId as string);
    if (!store) throw new StoreNotFound();
    return {
      ...store.effectiveSettings,
      currency: store.currency,
      name: store.name,
      slug: store.slug,
      supportEmail: store.supportEmail,
    };
  }

  /**
   * Counts `n` more of a plan limit in the writing transaction; past the plan's hard limit it
   * throws PlanLimitReached (403) and the request's transaction writes nothing.
   */
  consume(ctx: RequestContext, metric: PlanMetric, n = 1): Promise<void> {
    return this.usage.consume(ctx, metric, n);
  }

  /** Gives back `n` of a limit (a product archived, a webhook deleted…). */
  release(ctx: RequestContext, metric: PlanMetric, n = 1): Promise<void> {
    return this.usage.release(ctx, metric, n);
  }

  /** The StoreAdmins of the context's store, for notices such as low stock. */
  async adminsOf(ctx: RequestContext): Promise<UserSummary[]> {
    const ids = await this.members.adminIds(ctx);
    return [...(await this.identity.usersByIds(ctx, ids)).values()];
  }
}
