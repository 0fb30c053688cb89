import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@silkcart/shared';
import { StoreNotFound } from '../domain/tenancy.errors';
import { StoreRepository } from '../infrastructure/store.repository';
import type { PublicStoreView } from './tenancy.views';

@Injectable()
export class GetPublicStore {
  constructor(private readonly stores: StoreRepository) {}

  async execute(ctx: RequestContext, slug: string): Promise<PublicStoreView> {
    const store = await this.stores.findBySlug(ctx, slug);
    if (!store) throw new StoreNotFound();
    return { slug: store.slug, name: store.name, currency: store.currency };
  }
}
