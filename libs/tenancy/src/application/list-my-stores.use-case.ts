import { Injectable } from '@nestjs/common';
import { Page, PageQuery, pageOf, RequestContext } from '@silkcart/shared';
import { StoreRepository } from '../infrastructure/store.repository';
import { type MyStoreView, toStoreView } from './tenancy.views';

@Injectable()
export class ListMyStores {
  constructor(private readonly stores: StoreRepository) {}

  async execute(ctx: RequestContext, query: PageQuery): Promise<Page<MyStoreView>> {
    const { rows, total } = await this.stores.pageOfMember(ctx, ctx.actor.id as string, query);
    return pageOf(
      rows.map(({ store, role }) => ({ ...toStoreView(store), role })),
      total,
      query,
    );
  }
}
