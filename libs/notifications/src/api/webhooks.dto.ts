import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUrl,
  MaxLength,
  ValidateIf,
  ValidationArguments,
} from 'class-validator';
import { IsOptionalButNotNull, PageQuery, Trim } from '@silkcart/shared';
import {
  isWebhookEventType,
  WEBHOOK_DELIVERY_STATUSES,
  WEBHOOK_EVENT_TYPES,
  type WebhookDeliveryStatus,
  type WebhookEventType,
} from '../domain/webhook';

const URL_OPTIONS = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };

/** Names the unknown types rather than listing the known ones. */
const unknownEventTypes = ({ value }: ValidationArguments) => {
  const unknown = (Array.isArray(value) ? value : [value]).filter((v) => !isWebhookEventType(v));
  return `unknown event type${unknown.length === 1 ? '' : 's'}: ${unknown.map((v) => JSON.stringify(v)).join(', ')}`;
};

const WebhookUrl = () =>
  applyDecorators(
    Trim(),
    IsString(),
    MaxLength(2048),
    IsUrl(URL_OPTIONS, { message: 'url must be an http or https URL' }),
  );

const EventTypes = () =>
  applyDecorators(
    IsArray(),
    ArrayNotEmpty(),
    ArrayMaxSize(100),
    IsIn(WEBHOOK_EVENT_TYPES, { each: true, message: unknownEventTypes }),
  );

export class CreateWebhookDto {
  @ApiProperty({ example: 'https://hooks.example.com/silkcart', maxLength: 2048 })
  @WebhookUrl()
  url: string;

  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true, minItems: 1 })
  @EventTypes()
  events: WebhookEventType[];

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptionalButNotNull()
  @IsString()
  @MaxLength(500)
  description?: string;
}

export class UpdateWebhookDto {
  @ApiPropertyOptional({ example: 'https://hooks.example.com/silkcart', maxLength: 2048 })
  @IsOptionalButNotNull()
  @WebhookUrl()
  url?: string;

  @ApiPropertyOptional({ enum: WEBHOOK_EVENT_TYPES, isArray: true, minItems: 1 })
  @IsOptionalButNotNull()
  @EventTypes()
  events?: WebhookEventType[];

  @ApiPropertyOptional()
  @IsOptionalButNotNull()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({ maxLength: 500, nullable: true, type: 'string' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(500)
  description?: string | null;
}

export class WebhookDeliveryQuery extends PageQuery {
  @ApiPropertyOptional({ enum: WEBHOOK_DELIVERY_STATUSES })
  @IsOptional()
  @IsIn(WEBHOOK_DELIVERY_STATUSES)
  status?: WebhookDeliveryStatus;
}
