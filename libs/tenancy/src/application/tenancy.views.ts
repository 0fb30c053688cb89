import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNumber, IsString, Length, Matches, Max, Min } from 'class-validator';
import { PageMeta, ROLES, type Role, IsOptionalButNotNull } from '@silkcart/shared';
import type { Store } from '../domain/store';
import { COUNTRY_CODE, type StoreSettings, type TaxRate } from '../domain/store-settings';

/**
 * The shapes tenancy answers, declared once: use cases and the OpenAPI document use these
 * classes. TaxRateDto is also a request's tax rate.
 */

export class TaxRateDto implements TaxRate {
  @ApiProperty({ example: 'FR' })
  @Matches(COUNTRY_CODE, { message: 'country must be an ISO-3166 alpha-2 code' })
  country: string;

  @ApiPropertyOptional({ example: 'CA' })
  @IsOptionalButNotNull()
  @IsString()
  @Length(1, 10)
  region?: string;

  @ApiProperty({ example: 0.2, description: 'Decimal fraction' })
  @IsNumber()
  @Min(0)
  @Max(1)
  rate: number;
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

class NotificationSettingsView {
  @ApiProperty({ description: 'Also text the customer when an order ships' }) sms: boolean;
}

class StorefrontSettingsView {
  @ApiProperty({ description: "Storefront routes need the store's X-Publishable-Key" })
  requirePublishableKey: boolean;
}

export class StoreSettingsView implements StoreSettings {
  @ApiProperty() orderHoldMinutes: number;
  @ApiProperty({ type: ShippingSettingsView }) shipping: ShippingSettingsView;
  @ApiProperty({ type: TaxSettingsView }) tax: TaxSettingsView;
  @ApiProperty({ type: NotificationSettingsView }) notifications: NotificationSettingsView;
  @ApiProperty({ example: 'UTC', description: 'An IANA time zone' }) timezone: string;
  @ApiProperty({ type: StorefrontSettingsView }) storefront: StorefrontSettingsView;
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

export function toStoreView(store: Store): StoreView {
  return {
    id: store.id,
    slug: store.slug,
    name: store.name,
    currency: store.currency,
    supportEmail: store.supportEmail,
    settings: store.effectiveSettings,
    createdAt: store.createdAt.toISOString(),
  };
}

export class ApiKeyView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['secret', 'publishable'] }) type: 'secret' | 'publishable';
  @ApiProperty({ nullable: true, enum: ['StoreAdmin', 'Manager', 'Staff', 'Viewer'] })
  role: Role | null;
  @ApiProperty({ description: "The key's first 12 characters" }) keyPrefix: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: 'string' }) lastUsedAt: string | null;
}

export class CreatedApiKeyView extends ApiKeyView {
  @ApiProperty({ description: 'The key itself: shown in this answer only' }) key: string;
}

export class ApiKeyList {
  @ApiProperty({ type: [ApiKeyView] }) items: ApiKeyView[];
}

class AuditActorView {
  @ApiProperty({ enum: ['user', 'api_key', 'system'] }) type: 'user' | 'api_key' | 'system';
  @ApiProperty({ nullable: true, type: 'string' }) id: string | null;
  @ApiProperty({ nullable: true, type: 'string', description: "A user's email, a key's name" })
  label: string | null;
}

export class AuditEntryView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'product.updated' }) action: string;
  @ApiProperty({ example: 'product' }) resourceType: string;
  @ApiProperty({ nullable: true, type: 'string' }) resourceId: string | null;
  @ApiProperty({ type: AuditActorView }) actor: AuditActorView;
  @ApiProperty({
    nullable: true,
    type: 'object',
    additionalProperties: { type: 'array', minItems: 2, maxItems: 2, items: {} },
    description: 'On updates: each changed field as `[before, after]`; null otherwise',
    example: { title: ['Old', 'New'] },
  })
  changes: Record<string, [unknown, unknown]> | null;
  @ApiProperty({ nullable: true, type: 'string' }) requestId: string | null;
  @ApiProperty({ nullable: true, type: 'string' }) ip: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class AuditEntryList extends PageMeta {
  @ApiProperty({ type: [AuditEntryView] }) items: AuditEntryView[];
}

class DomainVerificationView {
  @ApiProperty({ enum: ['TXT'] }) type: 'TXT';
  @ApiProperty({ example: '_silkcart.shop.example.com' }) name: string;
  @ApiProperty({ description: 'The text the TXT record must hold' }) value: string;
}

export class DomainView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'shop.example.com' }) hostname: string;
  @ApiProperty({ enum: ['pending', 'verified'] }) status: 'pending' | 'verified';
  @ApiProperty({ type: DomainVerificationView }) verification: DomainVerificationView;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: 'string' }) verifiedAt: string | null;
}

export class DomainList {
  @ApiProperty({ type: [DomainView] }) items: DomainView[];
}
