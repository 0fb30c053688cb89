import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@silkcart/shared';
import { StoreNotFound } from '../domain/tenancy.errors';
import { StoreRepository } from '../infrastructure/store.repository';
import { type StoreView, toStoreView } from './tenancy.views';

@Injectable()
export class GetStore {
  constructor(private readonly stores: StoreRepository) {}

  async execute(ctx: RequestContext): Promise<StoreView> {
    const store = await this.stores.findById(ctx, ctx.storeId as string);
    if (!store) throw new StoreNotFound();
    return toStoreView(store);
  }
}
