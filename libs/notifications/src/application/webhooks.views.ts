import { ApiProperty } from '@nestjs/swagger';
import { PageMeta } from '@silkcart/shared';
import {
  WEBHOOK_DELIVERY_STATUSES,
  WEBHOOK_EVENT_TYPES,
  type WebhookDeliveryStatus,
  type WebhookEventType,
} from '../domain/webhook';

/** A store's webhook endpoint, as every answer but the creation shows it (no secret). */
export class WebhookView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'https://hooks.example.com/silkcart' }) url: string;
  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true }) events: WebhookEventType[];
  @ApiProperty({ nullable: true, type: 'string' }) description: string | null;
  @ApiProperty() enabled: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class CreatedWebhookView extends WebhookView {
  @ApiProperty({
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    description: '`whsec_` + base64 of 24 random bytes; shown in this answer only',
  })
  secret: string;
}

export class WebhookList {
  @ApiProperty({ type: [WebhookView] }) items: WebhookView[];
}

/** One event sent to one endpoint: its attempts and outcome. */
export class WebhookDeliveryView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', description: 'The `webhook-id` header of every attempt' })
  eventId: string;
  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES }) eventType: WebhookEventType;
  @ApiProperty({ enum: WEBHOOK_DELIVERY_STATUSES }) status: WebhookDeliveryStatus;
  @ApiProperty() attempts: number;
  @ApiProperty({ nullable: true, type: 'integer' }) responseStatus: number | null;
  @ApiProperty({ nullable: true, type: 'string' }) lastError: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: 'string',
    description: 'When the next automatic attempt is due; null once settled',
  })
  nextAttemptAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: 'string' }) deliveredAt: string | null;
}

export class WebhookDeliveryPage extends PageMeta {
  @ApiProperty({ type: [WebhookDeliveryView] }) items: WebhookDeliveryView[];
}
