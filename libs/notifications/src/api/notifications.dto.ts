import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageQuery } from '@silkcart/shared';
import type { NotificationStatus } from '../domain/notification';

const STATUSES: NotificationStatus[] = ['queued', 'sent', 'failed'];

export class NotificationListQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  orderId?: string;

  @ApiPropertyOptional({ enum: STATUSES })
  @IsOptional()
  @IsIn(STATUSES)
  status?: NotificationStatus;
}

export class ResendDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  orderId: string;
}
