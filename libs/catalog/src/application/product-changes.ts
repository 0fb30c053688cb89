import { Injectable } from '@nestjs/common';
import { EventBus, RequestContext } from '@silkcart/shared';
import { TenancyFacade } from '@silkcart/tenancy';
import { ProductChanged, ProductChangedData } from '../domain/catalog-events';
import { CatalogVersions } from '../infrastructure/catalog-versions';
import { StorefrontReadModel } from '../infrastructure/storefront-read-model';

/**
 * Every catalog write ends here, in its transaction: the storefront read model is brought up
 * to date for the products it touched, the cache version moves (so the next read is fresh),
 * and product writes are published.
 */
@Injectable()
export class ProductChanges {
  constructor(
    private readonly versions: CatalogVersions,
    private readonly readModel: StorefrontReadModel,
    private readonly tenancy: TenancyFacade,
    private readonly events: EventBus,
  ) {}

  /** A product, its variants or its images were written. */
  async record(
    ctx: RequestContext,
    productId: string,
    change: ProductChangedData['change'],
  ): Promise<void> {
    await this.refresh(ctx, [productId]);
    await this.events.publish(ctx, ProductChanged, { productId, change });
  }

  /**
   * Something shown on these products' storefront documents changed outside a product write:
   * stock crossing zero (in-stock flags), a review moderated (the rating).
   */
  async summaryChanged(ctx: RequestContext, productIds: string[]): Promise<void> {
    if (productIds.length > 0) await this.refresh(ctx, productIds);
  }

  /**
   * A category was created, renamed, reordered, moved or deleted by `write`: the products filed
   * under it or below it (as the read model knew them before the write) are rebuilt after it.
   */
  async categoryChanged(
    ctx: RequestContext,
    categoryId: string,
    write: () => Promise<void> = async () => undefined,
  ): Promise<void> {
    const products = await this.readModel.productsUnder(ctx, categoryId);
    await write();
    await this.refresh(ctx, products);
  }

  private async refresh(ctx: RequestContext, productIds: string[]): Promise<void> {
    await this.readModel.refresh(ctx, productIds, await this.tenancy.currencyOf(ctx));
    await this.versions.bump(ctx);
  }
}
