import { defineEvent } from '@silkcart/shared';
import type { OrderStatus } from './order-status';

export const REVIEW_STATUSES = ['pending', 'published', 'rejected'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export const REVIEW_ORDERINGS = ['-created', '-rating', 'rating'] as const;
export type ReviewOrdering = (typeof REVIEW_ORDERINGS)[number];

/** An order whose buyer may review what it held: paid, or any status a paid order reaches. */
export function canReview(status: OrderStatus): boolean {
  return !['pending_payment', 'cancelled', 'expired'].includes(status);
}

/** A buyer wrote a review; it waits for moderation. */
export interface ReviewCreatedData {
  reviewId: string;
  productId: string;
  orderId: string;
  rating: number;
}

export const ReviewCreated = defineEvent<ReviewCreatedData>('ordering.review_created');
