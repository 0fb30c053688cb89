import { Injectable } from '@nestjs/common';
import { hashOpaqueToken, RequestContext } from '@silkcart/shared';
import { canTransition, OrderStatus } from '../domain/order-status';
import { OrderRepository } from '../infrastructure/order.repository';
import { ReviewRepository } from '../infrastructure/review.repository';
import { OrderTransitions } from './order-transitions';
import type { OrderView, ReviewView } from './ordering.views';

/** The order status a payment outcome asks for, and what became of it. */
export type PaymentOutcome = 'applied' | 'already' | 'refused';

/**
 * What other contexts may ask of ordering: an order as the store side shows it, the order a
 * customer's token opens, and the lifecycle moves a payment causes (each under the order's
 * row lock, publishing the transition's event).
 */
@Injectable()
export class OrderingFacade {
  constructor(
    private readonly orders: OrderRepository,
    private readonly transitions: OrderTransitions,
    private readonly reviews: ReviewRepository,
  ) {}

  view(ctx: RequestContext, orderId: string): Promise<OrderView | null> {
    return this.orders.view(ctx, orderId);
  }

  /** A review as the store's reviews list shows it (any status), or null. */
  review(ctx: RequestContext, reviewId: string): Promise<ReviewView | null> {
    return this.reviews.find(ctx, reviewId);
  }

  /** The order its token opens; null for an unknown order or a wrong token. */
  async viewWithToken(
    ctx: RequestContext,
    orderId: string,
    token: string,
  ): Promise<OrderView | null> {
    return this.orders.viewWithToken(ctx, orderId, hashOpaqueToken(token));
  }

  /** Across stores (`runAcrossStores`): the store an order belongs to. */
  storeOf(ctx: RequestContext, orderId: string): Promise<string | null> {
    return this.orders.storeOf(ctx, orderId);
  }

  /**
   * A payment succeeded: a pending order becomes paid (once); an order paid already stays as
   * it is; a cancelled or expired one is `refused` (the caller gives the money back).
   */
  async markPaid(ctx: RequestContext, orderId: string): Promise<PaymentOutcome> {
    const order = await this.orders.lockState(ctx, orderId);
    if (!order) return 'refused';
    if (order.status === 'pending_payment') {
      await this.transitions.apply(ctx, orderId, 'paid');
      return 'applied';
    }
    return order.status === 'cancelled' || order.status === 'expired' ? 'refused' : 'already';
  }

  /** Refunds came back: the order becomes refunded or partially refunded, when it may. */
  async markRefunded(
    ctx: RequestContext,
    orderId: string,
    to: Extract<OrderStatus, 'refunded' | 'partially_refunded'>,
  ): Promise<PaymentOutcome> {
    const order = await this.orders.lockState(ctx, orderId);
    if (!order) return 'refused';
    if (order.status === to && to === 'refunded') return 'already';
    if (!canTransition(order.status, to)) return 'refused';
    await this.transitions.apply(ctx, orderId, to);
    return 'applied';
  }

  /**
   * The status of an order, without locking it (callers lock what they change first: payments
   * lock a payment, then the order, in every path, so two of them cannot deadlock).
   */
  async statusOf(ctx: RequestContext, orderId: string): Promise<OrderStatus | null> {
    return this.orders.statusOf(ctx, orderId);
  }

  /** Keeps the payments the order shows, as the payments context reports them. */
  showPayments(ctx: RequestContext, orderId: string, payments: unknown[]): Promise<void> {
    return this.orders.setPayments(ctx, orderId, payments);
  }
}
