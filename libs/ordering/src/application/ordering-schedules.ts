import { Injectable, OnModuleInit } from '@nestjs/common';
import { JobRegistry, StoreId } from '@silkcart/shared';
import { CartRepository } from '../infrastructure/cart.repository';
import { OrderRepository } from '../infrastructure/order.repository';
import { OrderTransitions } from './order-transitions';

const EXPIRE_BATCH = 100;
const CART_IDLE_DAYS = 7;

/**
 * Ordering's schedules: the expiry of unpaid orders (each released exactly once: the
 * transition runs under the order's row lock and only from pending_payment) and the pruning
 * of idle carts.
 */
@Injectable()
export class OrderingSchedules implements OnModuleInit {
  constructor(
    private readonly registry: JobRegistry,
    private readonly orders: OrderRepository,
    private readonly carts: CartRepository,
    private readonly transitions: OrderTransitions,
  ) {}

  onModuleInit(): void {
    this.registry.schedule({
      name: 'ordering.expire-unpaid',
      everyMs: 60_000,
      run: async (ctx) => {
        for (const due of await this.orders.dueToExpire(ctx, EXPIRE_BATCH)) {
          await this.transitions.apply(
            ctx.inStore(due.storeId as StoreId, null),
            due.id,
            'expired',
          );
        }
      },
    });
    this.registry.schedule({
      name: 'ordering.prune-carts',
      everyMs: 3_600_000,
      run: async (ctx) => {
        await this.carts.pruneIdle(ctx, CART_IDLE_DAYS);
      },
    });
  }
}
