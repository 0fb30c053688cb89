import { Injectable, OnModuleInit } from '@nestjs/common';
import { SEND_EMAIL_JOB } from '@silkcart/notifications';
import { JobRegistry, Outbox, RequestContext, StoreId } from '@silkcart/shared';
import { TenancyFacade } from '@silkcart/tenancy';
import { ORDER_CREATED, STATUS_EVENTS } from '../domain/order-status';
import { CartRepository } from '../infrastructure/cart.repository';
import { OrderRepository } from '../infrastructure/order.repository';
import { OrderTransitions } from './order-transitions';

const EXPIRE_BATCH = 100;
const CART_IDLE_DAYS = 7;

/**
 * Ordering's jobs: the customer emails its events send, the expiry of unpaid orders (each
 * released exactly once: the transition runs under the order's row lock and only from
 * pending_payment) and the pruning of idle carts.
 */
@Injectable()
export class OrderingJobs implements OnModuleInit {
  constructor(
    private readonly registry: JobRegistry,
    private readonly orders: OrderRepository,
    private readonly carts: CartRepository,
    private readonly transitions: OrderTransitions,
    private readonly tenancy: TenancyFacade,
    private readonly outbox: Outbox,
  ) {}

  onModuleInit(): void {
    const email = (template: string) => async (ctx: RequestContext, event: { orderId: string }) => {
      const order = await this.orders.view(ctx, event.orderId);
      if (!order) return;
      const store = await this.tenancy.settingsOf(ctx);
      const tracking = (await ctx.manager.query(
        `select tracking_number as "trackingNumber", carrier from customer_order where id = $1`,
        [order.id],
      )) as Array<{ trackingNumber: string | null; carrier: string | null }>;
      await this.outbox.enqueue(ctx, SEND_EMAIL_JOB, {
        template,
        to: order.email,
        data: { ...order, ...tracking[0], storeName: store.name },
      });
    };
    this.registry.register({ type: ORDER_CREATED, handle: email('order-confirmation') });
    this.registry.register({
      type: STATUS_EVENTS.paid as string,
      handle: email('payment-received'),
    });
    this.registry.register({
      type: STATUS_EVENTS.fulfilled as string,
      handle: email('order-shipped'),
    });
    // Kept for the record and for subscribers to come (payments refunds a paid cancel).
    this.registry.register({
      type: STATUS_EVENTS.cancelled as string,
      handle: async () => undefined,
    });
    this.registry.register({
      type: STATUS_EVENTS.expired as string,
      handle: async () => undefined,
    });

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
