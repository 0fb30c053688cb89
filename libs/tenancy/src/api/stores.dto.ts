import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsISO8601,
  IsISO4217CurrencyCode,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateIf,
  ValidationOptions,
} from 'class-validator';
import {
  IsOptionalButNotNull,
  NestedObject,
  NestedObjects,
  PageQuery,
  Trim,
  ROLES,
  type Role,
} from '@silkcart/shared';
import { TaxRateDto } from '../application/tenancy.views';
import { STORE_SLUG } from '../domain/store';
import { COUNTRY_CODE, isTimeZone } from '../domain/store-settings';

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
              COUNTRY_CODE.test(country) && Number.isInteger(amount) && (amount as number) >= 0,
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
  @IsOptionalButNotNull()
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
  @IsOptionalButNotNull()
  @IsCountryAmounts()
  rates?: Record<string, number>;
}

export class TaxSettingsDto {
  @ApiPropertyOptional()
  @IsOptionalButNotNull()
  @IsBoolean()
  pricesIncludeTax?: boolean;

  @ApiPropertyOptional({ type: [TaxRateDto] })
  @NestedObjects(() => TaxRateDto, { optional: true })
  @ArrayMaxSize(500)
  rates?: TaxRateDto[];
}

export class NotificationSettingsDto {
  @ApiPropertyOptional({
    default: false,
    description: 'Also text the customer when an order ships',
  })
  @IsOptionalButNotNull()
  @IsBoolean()
  sms?: boolean;
}

export class StorefrontSettingsDto {
  @ApiPropertyOptional({
    default: false,
    description: "Storefront routes need the store's X-Publishable-Key",
  })
  @IsOptionalButNotNull()
  @IsBoolean()
  requirePublishableKey?: boolean;
}

export class StoreSettingsDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 10080, default: 30 })
  @IsOptionalButNotNull()
  @IsInt()
  @Min(1)
  @Max(10080)
  orderHoldMinutes?: number;

  @ApiPropertyOptional({ type: ShippingSettingsDto })
  @NestedObject(() => ShippingSettingsDto, { optional: true })
  shipping?: ShippingSettingsDto;

  @ApiPropertyOptional({ type: TaxSettingsDto })
  @NestedObject(() => TaxSettingsDto, { optional: true })
  tax?: TaxSettingsDto;

  @ApiPropertyOptional({ type: NotificationSettingsDto })
  @NestedObject(() => NotificationSettingsDto, { optional: true })
  notifications?: NotificationSettingsDto;

  @ApiPropertyOptional({
    default: 'UTC',
    description: 'An IANA time zone',
    example: 'Europe/Paris',
  })
  @IsOptionalButNotNull()
  @IsString()
  @ValidateBy({
    name: 'isTimeZone',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && isTimeZone(value),
      defaultMessage: () => 'timezone must be an IANA time zone name',
    },
  })
  timezone?: string;

  @ApiPropertyOptional({ type: StorefrontSettingsDto })
  @NestedObject(() => StorefrontSettingsDto, { optional: true })
  storefront?: StorefrontSettingsDto;
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
  @IsOptionalButNotNull()
  @IsEmail()
  @MaxLength(254)
  supportEmail?: string;
}

export class UpdateStoreDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 100 })
  @IsOptionalButNotNull()
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
  @NestedObject(() => StoreSettingsDto, { optional: true })
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

export class CreateApiKeyDto {
  @ApiProperty({ minLength: 1, maxLength: 100 })
  @Trim()
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiProperty({ enum: ['secret', 'publishable'] })
  @IsIn(['secret', 'publishable'])
  type: 'secret' | 'publishable';

  @ApiPropertyOptional({
    enum: ['StoreAdmin', 'Manager', 'Staff', 'Viewer'],
    default: 'Viewer',
    description: 'Secret keys only',
  })
  @IsOptionalButNotNull()
  @IsIn(['StoreAdmin', 'Manager', 'Staff', 'Viewer'])
  role?: Role;
}

export class AuditLogQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'product.updated' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  action?: string;

  @ApiPropertyOptional({ description: "A user's or an API key's id" })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  actorId?: string;

  @ApiPropertyOptional({ example: 'product' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  resourceType?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 200)
  resourceId?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Entries at or after this time' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Entries at or before this time' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

/** A lower-case DNS name of at least two labels, not an IP address. */
const HOSTNAME =
  /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?=[a-z0-9-]*[a-z])[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export class CreateDomainDto {
  @ApiProperty({ example: 'shop.example.com', description: 'A lower-case DNS name' })
  @IsString()
  @Matches(HOSTNAME, { message: 'hostname must be a lower-case DNS name such as shop.example.com' })
  hostname: string;
}
