import { Injectable } from '@nestjs/common';
import { StockLow, StockLowData } from '@silkcart/catalog';
import { PublishedEvent, RequestContext, Subscribe } from '@silkcart/shared';
import { TenancyFacade } from '@silkcart/tenancy';
import { Notifier } from './notifier';

/** A variant fell to its low-stock threshold: each StoreAdmin gets an email. */
@Injectable()
@Subscribe(StockLow, { name: 'notifications.send-low-stock-alert' })
export class SendLowStockAlert {
  constructor(
    private readonly tenancy: TenancyFacade,
    private readonly emails: Notifier,
  ) {}

  async handle(ctx: RequestContext, event: PublishedEvent<StockLowData>): Promise<void> {
    const store = await this.tenancy.settingsOf(ctx);
    for (const admin of await this.tenancy.adminsOf(ctx)) {
      await this.emails.email(ctx, {
        template: 'low-stock',
        to: admin.email,
        data: {
          name: admin.name,
          storeName: store.name,
          sku: event.data.sku,
          stock: event.data.stock,
          threshold: event.data.lowStockThreshold,
        },
      });
    }
  }
}
