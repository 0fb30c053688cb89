import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsISO4217CurrencyCode,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateIf,
  ValidateNested,
  ValidationOptions,
} from 'class-validator';
import { Trim, PageMeta, ROLES, type Role } from '@silkcart/shared';
import { STORE_SLUG } from '../domain/store';

const COUNTRY = /^[A-Z]{2}$/;

/** `{ "<ISO country>": amount in minor units }`. */
function IsCountryAmounts(options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isCountryAmounts',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          !Array.isArray(value) &&
          Object.entries(value).length <= 300 &&
          Object.entries(value).every(
            ([country, amount]) =>
              COUNTRY.test(country) && Number.isInteger(amount) && (amount as number) >= 0,
          ),
        defaultMessage: () =>
          'rates must map ISO-3166 alpha-2 country codes to integer amounts in minor units (>= 0)',
      },
    },
    options,
  );
}

export class ShippingSettingsDto {
  @ApiPropertyOptional({ minimum: 0, description: 'Minor units' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  flatRate?: number;

  @ApiPropertyOptional({
    minimum: 0,
    nullable: true,
    description: 'Free shipping from this subtotal (minor units)',
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  freeOver?: number | null;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'integer', minimum: 0 },
    example: { FR: 900 },
  })
  @IsOptional()
  @IsCountryAmounts()
  rates?: Record<string, number>;
}

export class TaxRateDto {
  @ApiProperty({ example: 'FR' })
  @Matches(COUNTRY, { message: 'country must be an ISO-3166 alpha-2 code' })
  country: string;

  @ApiPropertyOptional({ example: 'CA' })
  @IsOptional()
  @IsString()
  @Length(1, 10)
  region?: string;

  @ApiProperty({ example: 0.2, description: 'Decimal fraction' })
  @IsNumber()
  @Min(0)
  @Max(1)
  rate: number;
}

export class TaxSettingsDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  pricesIncludeTax?: boolean;

  @ApiPropertyOptional({ type: [TaxRateDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => TaxRateDto)
  rates?: TaxRateDto[];
}

export class StoreSettingsDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 10080, default: 30 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10080)
  orderHoldMinutes?: number;

  @ApiPropertyOptional({ type: ShippingSettingsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ShippingSettingsDto)
  shipping?: ShippingSettingsDto;

  @ApiPropertyOptional({ type: TaxSettingsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => TaxSettingsDto)
  tax?: TaxSettingsDto;
}

export class CreateStoreDto {
  @ApiProperty({ minLength: 1, maxLength: 100 })
  @Trim()
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiProperty({ pattern: STORE_SLUG.source, example: 'summer-shoes' })
  @IsString()
  @Matches(STORE_SLUG, {
    message: 'slug must be 3-63 of a-z, 0-9 and -, not starting or ending with -',
  })
  slug: string;

  @ApiProperty({ example: 'USD', description: 'ISO-4217' })
  @IsISO4217CurrencyCode()
  currency: string;

  @ApiPropertyOptional({ format: 'email' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  supportEmail?: string;
}

export class UpdateStoreDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 100 })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 100)
  name?: string;

  @ApiPropertyOptional({ format: 'email', nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsEmail()
  @MaxLength(254)
  supportEmail?: string | null;

  @ApiPropertyOptional({ type: StoreSettingsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => StoreSettingsDto)
  settings?: StoreSettingsDto;
}

export class AddMemberDto {
  @ApiProperty({ format: 'email' })
  @Trim()
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;
}

export class ChangeRoleDto {
  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;
}

class ShippingSettingsView {
  @ApiProperty() flatRate: number;
  @ApiProperty({ nullable: true, type: 'integer' }) freeOver: number | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } }) rates: Record<
    string,
    number
  >;
}

class TaxSettingsView {
  @ApiProperty() pricesIncludeTax: boolean;
  @ApiProperty({ type: [TaxRateDto] }) rates: TaxRateDto[];
}

export class StoreSettingsView {
  @ApiProperty() orderHoldMinutes: number;
  @ApiProperty({ type: ShippingSettingsView }) shipping: ShippingSettingsView;
  @ApiProperty({ type: TaxSettingsView }) tax: TaxSettingsView;
}

export class StoreView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() slug: string;
  @ApiProperty() name: string;
  @ApiProperty({ example: 'USD' }) currency: string;
  @ApiProperty({ nullable: true, type: 'string' }) supportEmail: string | null;
  @ApiProperty({ type: StoreSettingsView }) settings: StoreSettingsView;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class MyStoreView extends StoreView {
  @ApiProperty({ enum: ROLES }) role: Role;
}

export class MyStorePage extends PageMeta {
  @ApiProperty({ type: [MyStoreView] }) items: MyStoreView[];
}

export class PublicStoreView {
  @ApiProperty() slug: string;
  @ApiProperty() name: string;
  @ApiProperty() currency: string;
}

export class MemberView {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ROLES }) role: Role;
}

export class MemberPage extends PageMeta {
  @ApiProperty({ type: [MemberView] }) items: MemberView[];
}
