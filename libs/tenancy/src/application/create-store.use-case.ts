import { Injectable } from '@nestjs/common';
import { RequestContext, scopeToStore, StoreId } from '@silkcart/shared';
import { StoreSlugTaken } from '../domain/tenancy.errors';
import { MembershipRepository } from '../infrastructure/membership.repository';
import { StoreActivity } from '../infrastructure/store-activity';
import { StoreRepository } from '../infrastructure/store.repository';
import { type StoreView, toStoreView } from './tenancy.views';
import { Usage } from './usage';

/** Opens a store; its creator becomes its StoreAdmin. */
@Injectable()
export class CreateStore {
  constructor(
    private readonly stores: StoreRepository,
    private readonly members: MembershipRepository,
    private readonly activity: StoreActivity,
    private readonly usage: Usage,
  ) {}

  async execute(
    ctx: RequestContext,
    input: { name: string; slug: string; currency: string; supportEmail?: string },
  ): Promise<StoreView> {
    if (await this.stores.findBySlug(ctx, input.slug)) throw new StoreSlugTaken();
    const store = await this.stores.insert(ctx, {
      slug: input.slug,
      name: input.name.trim(),
      currency: input.currency,
      supportEmail: input.supportEmail ?? null,
    });
    const owner = ctx.actor.id as string;
    await this.members.add(ctx, store.id, owner, 'StoreAdmin');
    // The rest of this transaction works inside the new store.
    const inStore = ctx.inStore(store.id as StoreId, 'StoreAdmin');
    await scopeToStore(ctx.manager, store.id);
    await this.usage.openStore(inStore);
    await this.activity.record(inStore, 'store.created', { slug: store.slug });
    return toStoreView(store);
  }
}
