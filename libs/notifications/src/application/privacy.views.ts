import { ApiProperty } from '@nestjs/swagger';
import { OrderView } from '@silkcart/ordering';
import { AddressDto } from '@silkcart/shared';
import { NotificationView } from './notifications.views';

/** The customer account as the store keeps it (never its password hash or tokens). */
export class PrivacyCustomerView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class PrivacyAddressView extends AddressDto {
  @ApiProperty({ format: 'uuid' }) id: string;
}

export class PrivacyReviewView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) productId: string;
  @ApiProperty({ format: 'uuid' }) orderId: string;
  @ApiProperty({ minimum: 1, maximum: 5 }) rating: number;
  @ApiProperty({ nullable: true, type: 'string' }) title: string | null;
  @ApiProperty() body: string;
  @ApiProperty() authorName: string;
  @ApiProperty({ enum: [true] }) verifiedPurchase: true;
  @ApiProperty({ enum: ['pending', 'published', 'rejected'] }) status: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class PrivacyWishlistItemView {
  @ApiProperty({ format: 'uuid' }) productId: string;
  @ApiProperty() slug: string;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'date-time' }) addedAt: string;
}

export class PrivacyNotificationView extends NotificationView {
  @ApiProperty({ nullable: true, type: 'string' }) subject: string | null;
  @ApiProperty({ description: 'The text part (an email) or the message (an SMS)' }) body: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: 'string' }) orderId: string | null;
}

/** Everything the store holds about one email address. */
export class PrivacyExportView {
  @ApiProperty({ format: 'email' }) email: string;
  @ApiProperty({ type: PrivacyCustomerView, nullable: true })
  customer: PrivacyCustomerView | null;
  @ApiProperty({ type: [PrivacyAddressView] }) addresses: PrivacyAddressView[];
  @ApiProperty({
    type: [OrderView],
    description: 'Orders with this email or of this customer, newest first',
  })
  orders: OrderView[];
  @ApiProperty({ type: [PrivacyReviewView], description: 'Reviews written for those orders' })
  reviews: PrivacyReviewView[];
  @ApiProperty({ type: [PrivacyWishlistItemView] }) wishlist: PrivacyWishlistItemView[];
  @ApiProperty({
    type: [PrivacyNotificationView],
    description: 'Messages sent to this email or about those orders, oldest first',
  })
  notifications: PrivacyNotificationView[];
}

export class ErasedCounts {
  @ApiProperty({ description: 'Customer accounts deleted (0 or 1)' }) customers: number;
  @ApiProperty({ description: 'Orders whose personal data became placeholders' }) orders: number;
  @ApiProperty({ description: 'Reviews now shown as by "Anonymous"' }) reviews: number;
  @ApiProperty({ description: 'Messages whose recipient and content were removed' })
  notifications: number;
}

/** What an erasure changed; no `id`, so the audit entry names no person. */
export class PrivacyErasureView {
  @ApiProperty({ type: ErasedCounts }) erased: ErasedCounts;
}
