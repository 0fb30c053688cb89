import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsEmail,
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
} from '@silkcart/shared';
import { AddressDto } from '../application/ordering.views';
import { ORDER_STATUSES, type OrderStatus } from '../domain/order-status';

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
