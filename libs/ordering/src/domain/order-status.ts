import { InvalidOrderTransition } from './ordering.errors';

export const ORDER_STATUSES = [
  'pending_payment',
  'paid',
  'fulfilled',
  'cancelled',
  'expired',
  'refunded',
  'partially_refunded',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** The contract's lifecycle, written once: from each status, where an order may go. */
const TRANSITIONS: Record<OrderStatus, readonly OrderStatus[]> = {
  pending_payment: ['paid', 'cancelled', 'expired'],
  paid: ['fulfilled', 'cancelled', 'refunded', 'partially_refunded'],
  fulfilled: ['refunded', 'partially_refunded'],
  partially_refunded: ['refunded', 'partially_refunded'],
  cancelled: [],
  expired: [],
  refunded: [],
};

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function assertTransition(from: OrderStatus, to: OrderStatus): void {
  if (!canTransition(from, to)) throw new InvalidOrderTransition(from, to);
}
