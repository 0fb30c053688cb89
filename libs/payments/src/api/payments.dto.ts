import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsString, IsUrl, IsUUID, Length, Max, MaxLength, Min } from 'class-validator';
import { IsOptionalButNotNull } from '@silkcart/shared';

const URL_OPTIONS = { require_tld: false, protocols: ['http', 'https'], require_protocol: true };

export class OrderTokenDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  orderId: string;

  @ApiProperty({ description: 'The token the order was answered with' })
  @IsString()
  @Length(1, 200)
  orderToken: string;
}

export class StripeSessionDto extends OrderTokenDto {
  @ApiPropertyOptional({ description: 'Where Stripe sends the customer after paying' })
  @IsOptionalButNotNull()
  @IsUrl(URL_OPTIONS)
  @MaxLength(2000)
  successUrl?: string;

  @ApiPropertyOptional({ description: 'Where Stripe sends the customer who gives up' })
  @IsOptionalButNotNull()
  @IsUrl(URL_OPTIONS)
  @MaxLength(2000)
  cancelUrl?: string;
}

export class PayPalOrderDto extends OrderTokenDto {
  @ApiPropertyOptional({ description: 'Where PayPal sends the payer after approving' })
  @IsOptionalButNotNull()
  @IsUrl(URL_OPTIONS)
  @MaxLength(2000)
  returnUrl?: string;

  @ApiPropertyOptional({ description: 'Where PayPal sends the payer who gives up' })
  @IsOptionalButNotNull()
  @IsUrl(URL_OPTIONS)
  @MaxLength(2000)
  cancelUrl?: string;
}

export class RefundDto {
  @ApiPropertyOptional({ minimum: 1, description: 'Minor units; default: all that is left' })
  @IsOptionalButNotNull()
  @IsInt()
  @Min(1)
  @Max(2_000_000_000)
  amount?: number;
}

export class ConnectDto {
  @ApiPropertyOptional({ description: 'Where Stripe sends a merchant whose link expired' })
  @IsOptionalButNotNull()
  @IsUrl(URL_OPTIONS)
  @MaxLength(2000)
  refreshUrl?: string;

  @ApiPropertyOptional({ description: 'Where Stripe sends the merchant after onboarding' })
  @IsOptionalButNotNull()
  @IsUrl(URL_OPTIONS)
  @MaxLength(2000)
  returnUrl?: string;
}
