import { Injectable } from '@nestjs/common';
import { EventBus, RequestContext } from '@silkcart/shared';
import { ProductChanged, ProductChangedData } from '../domain/catalog-events';
import { CatalogVersions } from '../infrastructure/catalog-versions';

/** Every product write ends here: the storefront's next read is fresh, and the fact is published. */
@Injectable()
export class ProductChanges {
  constructor(
    private readonly versions: CatalogVersions,
    private readonly events: EventBus,
  ) {}

  async record(
    ctx: RequestContext,
    productId: string,
    change: ProductChangedData['change'],
  ): Promise<void> {
    await this.versions.bump(ctx);
    await this.events.publish(ctx, ProductChanged, { productId, change });
  }
}
