import { Injectable } from '@nestjs/common';
import { OrderingFacade } from '@silkcart/ordering';
import { RequestContext, StoreId, TenantTx } from '@silkcart/shared';
import { CheckoutNotFound } from '../domain/payments.errors';

/**
 * A customer's checkout names an order, not a store: the store is the order's, found across
 * stores, and everything after works inside it. An unknown order is a 404.
 */
@Injectable()
export class OrderStore {
  constructor(
    private readonly tx: TenantTx,
    private readonly ordering: OrderingFacade,
  ) {}

  async contextOf(ctx: RequestContext, orderId: string): Promise<RequestContext> {
    const storeId = await this.tx.runAcrossStores(ctx, (c) => this.ordering.storeOf(c, orderId));
    if (!storeId) throw new CheckoutNotFound();
    return ctx.inStore(storeId as StoreId, null);
  }
}
