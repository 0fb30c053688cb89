import { defineEvent } from '@silkcart/shared';
import type { OrderStatus } from './order-status';

/** An order was placed: its stock is reserved and it waits for payment. */
export interface OrderPlacedData {
  orderId: string;
  email: string;
  total: number;
  currency: string;
}

/** An order moved from one status to another. */
export interface OrderStatusChangedData {
  orderId: string;
  from: OrderStatus;
  to: OrderStatus;
  trackingNumber?: string;
  carrier?: string;
  cancelReason?: string;
}

export const OrderPlaced = defineEvent<OrderPlacedData>('ordering.order_placed');
export const OrderPaid = defineEvent<OrderStatusChangedData>('ordering.order_paid');
export const OrderFulfilled = defineEvent<OrderStatusChangedData>('ordering.order_fulfilled');
export const OrderCancelled = defineEvent<OrderStatusChangedData>('ordering.order_cancelled');
export const OrderExpired = defineEvent<OrderStatusChangedData>('ordering.order_expired');
export const OrderRefunded = defineEvent<OrderStatusChangedData>('ordering.order_refunded');

/** The event each transition publishes. */
export const STATUS_EVENTS = {
  paid: OrderPaid,
  fulfilled: OrderFulfilled,
  cancelled: OrderCancelled,
  expired: OrderExpired,
  refunded: OrderRefunded,
  partially_refunded: OrderRefunded,
} satisfies Partial<Record<OrderStatus, unknown>>;
