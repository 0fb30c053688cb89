import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@silkcart/shared';
import type { StoreSettingsPatch } from '../domain/store-settings';
import { StoreNotFound } from '../domain/tenancy.errors';
import { StoreActivity } from '../infrastructure/store-activity';
import { StoreRepository } from '../infrastructure/store.repository';
import { TenancyFacade } from './tenancy.facade';
import { type StoreView, toStoreView } from './tenancy.views';

@Injectable()
export class UpdateStore {
  constructor(
    private readonly stores: StoreRepository,
    private readonly activity: StoreActivity,
    private readonly refs: TenancyFacade,
  ) {}

  async execute(
    ctx: RequestContext,
    change: { name?: string; supportEmail?: string | null; settings?: StoreSettingsPatch },
  ): Promise<StoreView> {
    const store = await this.stores.findByIdForUpdate(ctx, ctx.storeId as string);
    if (!store) throw new StoreNotFound();
    store.update(change);
    await this.stores.save(ctx, store);
    await this.activity.record(ctx, 'store.updated', { fields: Object.keys(change) });
    ctx.afterCommit(() => this.refs.forget(store.slug));
    return toStoreView(store);
  }
}
