import { Injectable } from '@nestjs/common';
import {
  CatalogFacade,
  ProductChanged,
  ProductChangedData,
  StockLow,
  StockLowData,
} from '@silkcart/catalog';
import { PublishedEvent, RequestContext, Subscribe } from '@silkcart/shared';
import { WebhookFanout } from './webhook-fanout';

/** `product.created|updated|deleted` with the product as the store side shows it. */
@Injectable()
@Subscribe(ProductChanged, { name: 'notifications.webhooks.product-changed' })
export class DeliverProductWebhooks {
  constructor(
    private readonly fanout: WebhookFanout,
    private readonly catalog: CatalogFacade,
  ) {}

  handle(ctx: RequestContext, event: PublishedEvent<ProductChangedData>): Promise<void> {
    const { productId, change } = event.data;
    return this.fanout.deliver(ctx, event, `product.${change}`, () =>
      this.catalog.productView(ctx, productId),
    );
  }
}

/** `inventory.low_stock` with the variant's stock at the crossing. */
@Injectable()
@Subscribe(StockLow, { name: 'notifications.webhooks.low-stock' })
export class DeliverLowStockWebhooks {
  constructor(private readonly fanout: WebhookFanout) {}

  handle(ctx: RequestContext, event: PublishedEvent<StockLowData>): Promise<void> {
    const { variantId, productId, sku, stock, lowStockThreshold } = event.data;
    return this.fanout.deliver(ctx, event, 'inventory.low_stock', async () => ({
      variantId,
      productId,
      sku,
      stock,
      lowStockThreshold,
    }));
  }
}
