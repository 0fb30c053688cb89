import { Injectable } from '@nestjs/common';
import { hashOpaqueToken, RequestContext } from '@silkcart/shared';
import { canTransition, OrderStatus } from '../domain/order-status';
import {
  ExportPage,
  ExportPageQuery,
  OrderExportRepository,
  OrderExportRow,
  OrderItemExportRow,
} from '../infrastructure/order-export.repository';
import { AnalyticsRepository } from '../infrastructure/analytics.repository';
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
    private readonly exports: OrderExportRepository,
    private readonly analytics: AnalyticsRepository,
  ) {}

  /** Exports: a keyset page of the store's orders created or changed since `since`. */
  ordersForExport(ctx: RequestContext, q: ExportPageQuery): Promise<ExportPage<OrderExportRow>> {
    return this.exports.orders(ctx, q);
  }

  /** Exports: a keyset page of the items of the orders created since `since`. */
  orderItemsForExport(
    ctx: RequestContext,
    q: ExportPageQuery,
  ): Promise<ExportPage<OrderItemExportRow>> {
    return this.exports.items(ctx, q);
  }

  /** How many orders each of these customers has in the store. */
  orderCountsByCustomer(ctx: RequestContext, customerIds: string[]): Promise<Map<string, number>> {
    return this.orders.countsByCustomer(ctx, customerIds);
  }

  /** The customers who placed an order since then. */
  customersOrderingSince(ctx: RequestContext, since: string): Promise<string[]> {
    return this.exports.customersOrderingSince(ctx, since);
  }

  /**
   * Privacy export: the orders with this email (any case) or of this customer, as the store
   * side shows them (newest first), and the reviews written for them.
   */
  async personalData(
    ctx: RequestContext,
    person: { email: string; customerId: string | null },
  ): Promise<{ orders: OrderView[]; reviews: ReviewView[] }> {
    const ids = await this.orders.idsOfPerson(ctx, person);
    return {
      orders: await this.orders.views(ctx, ids),
      reviews: await this.reviews.ofOrders(ctx, ids),
    };
  }

  /**
   * Privacy erasure: those orders keep numbers, items, amounts and statuses but lose the
   * email, names, address lines, postal code and phone (placeholders instead) and their link
   * to the customer; their reviews show as by "Anonymous". Answers the orders' ids and counts.
   */
  async erasePerson(
    ctx: RequestContext,
    person: { email: string; customerId: string | null },
  ): Promise<{ orderIds: string[]; orders: number; reviews: number }> {
    const orderIds = await this.orders.idsOfPerson(ctx, person);
    const reviews = await this.reviews.anonymiseOfOrders(ctx, orderIds);
    const orders = await this.orders.erase(ctx, orderIds);
    return { orderIds, orders, reviews };
  }

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
  async showPayments(ctx: RequestContext, orderId: string, payments: unknown[]): Promise<void> {
    await this.orders.setPayments(ctx, orderId, payments);
    // The one place ordering learns that a refund succeeded: analytics counts it from now.
    await this.analytics.recordRefunds(ctx, orderId);
  }
}
