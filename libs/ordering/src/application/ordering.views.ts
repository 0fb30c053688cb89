import { ApiProperty } from '@nestjs/swagger';
import { AddressDto, PageMeta } from '@silkcart/shared';
import { ORDER_STATUSES, type OrderStatus } from '../domain/order-status';
import { PROMOTION_TYPES, type Promotion, type PromotionType } from '../domain/promotion';
import { REVIEW_STATUSES, type ReviewStatus } from '../domain/review';

/**
 * The shapes ordering answers, declared once: use cases, the repositories and the OpenAPI
 * document all use these classes. AddressDto (the kernel's) is the request's shipping address.
 */
export { AddressDto };

export class CartItemView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) variantId: string;
  @ApiProperty() sku: string;
  @ApiProperty() title: string;
  @ApiProperty() unitPrice: number;
  @ApiProperty() quantity: number;
  @ApiProperty() lineTotal: number;
}

export class CartView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: [CartItemView] }) items: CartItemView[];
  @ApiProperty() subtotal: number;
  @ApiProperty({ nullable: true, type: 'string' }) promotionCode: string | null;
  @ApiProperty({ description: 'What the promotion takes off the subtotal now' })
  discountTotal: number;
  @ApiProperty() currency: string;
}

export class OrderItemView {
  @ApiProperty({ format: 'uuid' }) variantId: string;
  @ApiProperty() sku: string;
  @ApiProperty() title: string;
  @ApiProperty() unitPrice: number;
  @ApiProperty() quantity: number;
  @ApiProperty() lineTotal: number;
}

/** A refund of a payment; the payments context keeps it, the order shows it. */
export class RefundView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() amount: number;
  @ApiProperty({ enum: ['pending', 'succeeded', 'failed'] })
  status: 'pending' | 'succeeded' | 'failed';
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

/** A payment of the order with its refunds, as the payments context reports it. */
export class PaymentView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['stripe', 'paypal'] }) provider: 'stripe' | 'paypal';
  @ApiProperty({ enum: ['pending', 'succeeded', 'failed'] })
  status: 'pending' | 'succeeded' | 'failed';
  @ApiProperty() amount: number;
  @ApiProperty() amountRefunded: number;
  @ApiProperty({ nullable: true, type: 'string' }) providerPaymentId: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: [RefundView] }) refunds: RefundView[];
}

export class OrderView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'Per store, from 1001' }) number: number;
  @ApiProperty({ enum: ORDER_STATUSES }) status: OrderStatus;
  @ApiProperty() email: string;
  @ApiProperty({ type: [OrderItemView] }) items: OrderItemView[];
  @ApiProperty() subtotal: number;
  @ApiProperty({ nullable: true, type: 'string' }) promotionCode: string | null;
  @ApiProperty() discountTotal: number;
  @ApiProperty() shippingTotal: number;
  @ApiProperty() taxTotal: number;
  @ApiProperty() total: number;
  @ApiProperty() currency: string;
  @ApiProperty({ type: AddressDto }) shippingAddress: AddressDto;
  @ApiProperty({ type: [PaymentView] }) payments: PaymentView[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: 'string' }) paidAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: 'string' }) fulfilledAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: 'string' }) cancelledAt: string | null;
}

export class PlacedOrderView extends OrderView {
  @ApiProperty({ description: 'Shown once: send it as X-Order-Token to read the order' })
  orderToken: string;
}

export class OrderPage extends PageMeta {
  @ApiProperty({ type: [OrderView] }) items: OrderView[];
}

export class PromotionView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'Upper-case; matched case-insensitively' }) code: string;
  @ApiProperty({ enum: PROMOTION_TYPES }) type: PromotionType;
  @ApiProperty({ nullable: true, type: 'integer' }) value: number | null;
  @ApiProperty({ nullable: true, type: 'integer' }) minSubtotal: number | null;
  @ApiProperty({ nullable: true, type: 'string', format: 'date-time' }) startsAt: string | null;
  @ApiProperty({ nullable: true, type: 'string', format: 'date-time' }) endsAt: string | null;
  @ApiProperty({ nullable: true, type: 'integer' }) usageLimit: number | null;
  @ApiProperty() oncePerEmail: boolean;
  @ApiProperty() enabled: boolean;
  @ApiProperty() timesUsed: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class PromotionPage extends PageMeta {
  @ApiProperty({ type: [PromotionView] }) items: PromotionView[];
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export function toPromotionView(p: Promotion): PromotionView {
  return {
    id: p.id,
    code: p.code,
    type: p.type,
    value: p.value,
    minSubtotal: p.minSubtotal,
    startsAt: iso(p.startsAt),
    endsAt: iso(p.endsAt),
    usageLimit: p.usageLimit,
    oncePerEmail: p.oncePerEmail,
    enabled: p.enabled,
    timesUsed: p.timesUsed,
    createdAt: new Date(p.createdAt).toISOString(),
  };
}

export class PublicReviewView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ minimum: 1, maximum: 5 }) rating: number;
  @ApiProperty({ nullable: true, type: 'string' }) title: string | null;
  @ApiProperty() body: string;
  @ApiProperty() authorName: string;
  @ApiProperty({ enum: [true] }) verifiedPurchase: true;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class ReviewView extends PublicReviewView {
  @ApiProperty({ enum: REVIEW_STATUSES }) status: ReviewStatus;
  @ApiProperty({ format: 'uuid' }) productId: string;
  @ApiProperty({ format: 'uuid' }) orderId: string;
}

export class PublicReviewPage extends PageMeta {
  @ApiProperty({ type: [PublicReviewView] }) items: PublicReviewView[];
}

export class ReviewPage extends PageMeta {
  @ApiProperty({ type: [ReviewView] }) items: ReviewView[];
}

export class ReviewCreatedView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['pending'] }) status: 'pending';
}

export class CustomerListItem {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty() ordersCount: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class CustomerPage extends PageMeta {
  @ApiProperty({ type: [CustomerListItem] }) items: CustomerListItem[];
}
