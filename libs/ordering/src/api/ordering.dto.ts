import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEmail,
  IsIn,
  IsInt,
  IsISO31661Alpha2,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { Trim, PageMeta, PageQuery } from '@silkcart/shared';
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
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => CartLineDto)
  items?: CartLineDto[];
}

export class QuantityDto {
  @ApiProperty({ minimum: 1, maximum: 999 })
  @IsInt()
  @Min(1)
  @Max(999)
  quantity: number;
}

export class AddressDto {
  @ApiProperty({ maxLength: 200 })
  @Trim()
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ maxLength: 200 })
  @Trim()
  @IsString()
  @Length(1, 200)
  line1: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  line2?: string;

  @ApiProperty({ maxLength: 100 })
  @Trim()
  @IsString()
  @Length(1, 100)
  city: string;

  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 100)
  region?: string;

  @ApiProperty({ maxLength: 20 })
  @Trim()
  @IsString()
  @Length(1, 20)
  postalCode: string;

  @ApiProperty({ example: 'FR', description: 'ISO-3166 alpha-2' })
  @IsISO31661Alpha2({ message: 'country must be an ISO-3166 alpha-2 code' })
  country: string;

  @ApiPropertyOptional({ maxLength: 40 })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  phone?: string;
}

export class PlaceOrderDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Order this cart (not with items)' })
  @IsOptional()
  @IsUUID()
  cartId?: string;

  @ApiPropertyOptional({ type: [CartLineDto], description: 'Order these items (not with cartId)' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => CartLineDto)
  items?: CartLineDto[];

  @ApiProperty({ format: 'email' })
  @Trim()
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ type: AddressDto })
  @ValidateNested()
  @Type(() => AddressDto)
  shippingAddress: AddressDto;
}

export class FulfilDto {
  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  trackingNumber?: string;

  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  carrier?: string;
}

export class CancelDto {
  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
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

export class PaymentView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['stripe'] }) provider: string;
  @ApiProperty({ enum: ['pending', 'succeeded', 'failed'] }) status: string;
  @ApiProperty() amount: number;
  @ApiProperty() amountRefunded: number;
  @ApiProperty({ nullable: true, type: 'string' }) providerPaymentId: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class OrderView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'Per store, from 1001' }) number: number;
  @ApiProperty({ enum: ORDER_STATUSES }) status: OrderStatus;
  @ApiProperty() email: string;
  @ApiProperty({ type: [OrderItemView] }) items: OrderItemView[];
  @ApiProperty() subtotal: number;
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
