import { Injectable } from '@nestjs/common';
import { StockLow, StockLowData } from '@silkcart/catalog';
import { PublishedEvent, RequestContext, Subscribe } from '@silkcart/shared';
import { TenancyFacade } from '@silkcart/tenancy';
import { EmailQueue } from './email-queue';

/** A variant fell to its low-stock threshold: each StoreAdmin gets an email. */
@Injectable()
@Subscribe(StockLow, { name: 'notifications.send-low-stock-alert' })
export class SendLowStockAlert {
  constructor(
    private readonly tenancy: TenancyFacade,
    private readonly emails: EmailQueue,
  ) {}

  async handle(ctx: RequestContext, event: PublishedEvent<StockLowData>): Promise<void> {
    const store = await this.tenancy.settingsOf(ctx);
    for (const admin of await this.tenancy.adminsOf(ctx)) {
      await this.emails.add(ctx, {
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
