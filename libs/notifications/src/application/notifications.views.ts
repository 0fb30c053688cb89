import { ApiProperty } from '@nestjs/swagger';
import { PageMeta } from '@silkcart/shared';

/** A message in the store's history: queued, then sent or failed. */
export class NotificationView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['email', 'sms'] }) channel: 'email' | 'sms';
  @ApiProperty({ example: 'order-confirmation' }) template: string;
  @ApiProperty({ description: 'An email address or a phone number' }) to: string;
  @ApiProperty({ enum: ['queued', 'sent', 'failed'] }) status: 'queued' | 'sent' | 'failed';
  @ApiProperty() attempts: number;
  @ApiProperty({ nullable: true, type: 'string' }) lastError: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: 'string' }) sentAt: string | null;
}

export class NotificationPage extends PageMeta {
  @ApiProperty({ type: [NotificationView] }) items: NotificationView[];
}

export class QueuedNotificationView {
  @ApiProperty({ format: 'uuid' }) notificationId: string;
  @ApiProperty({ enum: ['queued'] }) status: 'queued';
}
