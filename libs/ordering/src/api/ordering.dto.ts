import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsEmail,
  IsISO8601,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import {
  IsOptionalButNotNull,
  NestedObject,
  NestedObjects,
  Trim,
  PageQuery,
  QueryBoolean,
} from '@silkcart/shared';
import { AddressDto } from '../application/ordering.views';
import { ORDER_STATUSES, type OrderStatus } from '../domain/order-status';
import { PROMOTION_TYPES, type PromotionType } from '../domain/promotion';
import {
  REVIEW_ORDERINGS,
  REVIEW_STATUSES,
  type ReviewOrdering,
  type ReviewStatus,
} from '../domain/review';

export class CartLineDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  variantId: string;

  @ApiProperty({ minimum: 1, maximum: 999 })
  @IsInt()
  @Min(1)
  @Max(999)
  quantity: number;
}

export class CreateCartDto {
  @ApiPropertyOptional({ type: [CartLineDto] })
  @NestedObjects(() => CartLineDto, { optional: true })
  @ArrayMaxSize(100)
  items?: CartLineDto[];
}

export class QuantityDto {
  @ApiProperty({ minimum: 1, maximum: 999 })
  @IsInt()
  @Min(1)
  @Max(999)
  quantity: number;
}

export class PlaceOrderDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Order this cart (not with items)' })
  @IsOptionalButNotNull()
  @IsUUID()
  cartId?: string;

  @ApiPropertyOptional({ type: [CartLineDto], description: 'Order these items (not with cartId)' })
  @NestedObjects(() => CartLineDto, { optional: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  items?: CartLineDto[];

  @ApiProperty({ format: 'email' })
  @Trim()
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ type: AddressDto })
  @NestedObject(() => AddressDto)
  shippingAddress: AddressDto;

  @ApiPropertyOptional({ description: "A discount code; without it, the cart's code applies" })
  @IsOptionalButNotNull()
  @IsString()
  @Length(1, 64)
  promotionCode?: string;
}

export class FulfilDto {
  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptionalButNotNull()
  @IsString()
  @Length(1, 100)
  trackingNumber?: string;

  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptionalButNotNull()
  @IsString()
  @Length(1, 100)
  carrier?: string;
}

export class CancelDto {
  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptionalButNotNull()
  @IsString()
  @Length(1, 500)
  reason?: string;
}

export class OrderListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ORDER_STATUSES })
  @IsOptional()
  @IsIn(ORDER_STATUSES)
  status?: OrderStatus;

  @ApiPropertyOptional({ description: 'An order number or an email' })
  @IsOptional()
  @IsString()
  @Length(1, 254)
  q?: string;
}

export class CartPromotionDto {
  @ApiProperty({ example: 'SUMMER10' })
  @IsString()
  @Length(1, 64)
  code: string;
}

/** The fields a promotion is set with; on PATCH, null clears an optional one. */
class PromotionFields {
  @ApiPropertyOptional({
    type: 'integer',
    nullable: true,
    description: '1..100 for percentage, minor units > 0 for fixed, absent for free_shipping',
  })
  @IsOptional()
  @IsInt()
  value?: number | null;

  @ApiPropertyOptional({ type: 'integer', nullable: true, minimum: 0 })
  @IsOptional()
  @IsInt()
  minSubtotal?: number | null;

  @ApiPropertyOptional({ type: 'string', format: 'date-time', nullable: true })
  @IsOptional()
  @IsISO8601()
  startsAt?: string | null;

  @ApiPropertyOptional({ type: 'string', format: 'date-time', nullable: true })
  @IsOptional()
  @IsISO8601()
  endsAt?: string | null;

  @ApiPropertyOptional({ type: 'integer', nullable: true, minimum: 1 })
  @IsOptional()
  @IsInt()
  usageLimit?: number | null;

  @ApiPropertyOptional({ default: false })
  @IsOptionalButNotNull()
  @IsBoolean()
  oncePerEmail?: boolean;

  @ApiPropertyOptional({ default: true })
  @IsOptionalButNotNull()
  @IsBoolean()
  enabled?: boolean;
}

export class CreatePromotionDto extends PromotionFields {
  @ApiProperty({ description: '3..32 of [A-Za-z0-9_-], stored upper-case', example: 'SUMMER10' })
  @IsString()
  @Length(1, 64)
  code: string;

  @ApiProperty({ enum: PROMOTION_TYPES })
  @IsIn(PROMOTION_TYPES)
  type: PromotionType;
}

export class UpdatePromotionDto extends PromotionFields {
  @ApiPropertyOptional({ description: '3..32 of [A-Za-z0-9_-], stored upper-case' })
  @IsOptionalButNotNull()
  @IsString()
  @Length(1, 64)
  code?: string;

  @ApiPropertyOptional({ enum: PROMOTION_TYPES })
  @IsOptionalButNotNull()
  @IsIn(PROMOTION_TYPES)
  type?: PromotionType;
}

export class PromotionListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @IsOptional()
  @QueryBoolean()
  @IsIn([true, false], { message: 'enabled must be true or false' })
  enabled?: boolean;
}

export class WriteReviewDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  orderId: string;

  @ApiProperty({ description: 'The order token answered when the order was placed' })
  @IsString()
  @Length(1, 200)
  orderToken: string;

  @ApiProperty({ minimum: 1, maximum: 5 })
  @IsInt()
  @Min(1)
  @Max(5)
  rating: number;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptionalButNotNull()
  @Trim()
  @IsString()
  @Length(1, 200)
  title?: string;

  @ApiProperty({ minLength: 1, maxLength: 5000 })
  @Trim()
  @IsString()
  @Length(1, 5000)
  body: string;

  @ApiProperty({ minLength: 1, maxLength: 80 })
  @Trim()
  @IsString()
  @Length(1, 80)
  authorName: string;
}

export class ProductReviewsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: REVIEW_ORDERINGS, default: '-created' })
  @IsOptional()
  @IsIn(REVIEW_ORDERINGS)
  ordering?: ReviewOrdering;
}

export class StoreReviewsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: REVIEW_STATUSES })
  @IsOptional()
  @IsIn(REVIEW_STATUSES)
  status?: ReviewStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  productId?: string;
}

export class ModerateReviewDto {
  @ApiProperty({ enum: ['published', 'rejected'] })
  @IsIn(['published', 'rejected'])
  status: 'published' | 'rejected';
}

export class CustomerListQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Part of an email or a name' })
  @IsOptional()
  @IsString()
  @Length(1, 254)
  q?: string;
}
