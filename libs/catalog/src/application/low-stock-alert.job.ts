import { Injectable, OnModuleInit } from '@nestjs/common';
import { SEND_EMAIL_JOB } from '@silkcart/notifications';
import { JobRegistry, Outbox } from '@silkcart/shared';
import { TenancyFacade } from '@silkcart/tenancy';
import { LOW_STOCK_EVENT } from './catalog.facade';

interface LowStock {
  variantId: string;
  sku: string;
  stock: number;
  threshold: number;
}

/** A variant fell to its low-stock threshold: each StoreAdmin gets an email. */
@Injectable()
export class LowStockAlert implements OnModuleInit {
  constructor(
    private readonly registry: JobRegistry,
    private readonly tenancy: TenancyFacade,
    private readonly outbox: Outbox,
  ) {}

  onModuleInit(): void {
    this.registry.register<LowStock>({
      type: LOW_STOCK_EVENT,
      handle: async (ctx, event) => {
        const store = await this.tenancy.settingsOf(ctx);
        for (const admin of await this.tenancy.adminsOf(ctx)) {
          await this.outbox.enqueue(ctx, SEND_EMAIL_JOB, {
            template: 'low-stock',
            to: admin.email,
            data: {
              name: admin.name,
              storeName: store.name,
              sku: event.sku,
              stock: event.stock,
              threshold: event.threshold,
            },
          });
        }
      },
    });
  }
}
