import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { ANALYTICS_INTERVALS, type AnalyticsInterval } from '../domain/analytics';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class AnalyticsQuery {
  @ApiPropertyOptional({
    format: 'date',
    description: "First day, in the store's time zone (default: 29 days before `to`)",
  })
  @IsOptional()
  @IsString()
  @Matches(DATE, { message: 'from must be a date, YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({
    format: 'date',
    description: "Last day, included, in the store's time zone (default: today)",
  })
  @IsOptional()
  @IsString()
  @Matches(DATE, { message: 'to must be a date, YYYY-MM-DD' })
  to?: string;

  @ApiPropertyOptional({ enum: ANALYTICS_INTERVALS, default: 'day' })
  @IsOptional()
  @IsIn(ANALYTICS_INTERVALS)
  interval?: AnalyticsInterval;
}
