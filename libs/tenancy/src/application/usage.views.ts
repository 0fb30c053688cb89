import { ApiProperty } from '@nestjs/swagger';

export class LimitUsageView {
  @ApiProperty({ example: 12, description: 'In use now (this month for ordersPerMonth)' })
  used: number;

  @ApiProperty({ type: 'integer', nullable: true, example: 80, description: 'null: none' })
  soft: number | null;

  @ApiProperty({ type: 'integer', nullable: true, example: 100, description: 'null: none' })
  hard: number | null;
}

export class UsagePeriodView {
  @ApiProperty({ format: 'date-time', example: '2025-11-01T00:00:00.000Z' })
  start: string;

  @ApiProperty({
    format: 'date-time',
    example: '2025-12-01T00:00:00.000Z',
    description: "The next month's first instant (exclusive)",
  })
  end: string;
}

export class UsageLimitsView {
  @ApiProperty({ type: LimitUsageView, description: 'Products not archived' })
  products: LimitUsageView;

  @ApiProperty({ type: LimitUsageView }) members: LimitUsageView;
  @ApiProperty({ type: LimitUsageView, description: 'Live keys' }) apiKeys: LimitUsageView;
  @ApiProperty({ type: LimitUsageView }) webhooks: LimitUsageView;

  @ApiProperty({ type: LimitUsageView, description: 'Orders placed in the period' })
  ordersPerMonth: LimitUsageView;
}

/** A store's plan and its use of each limit in the current calendar month (UTC). */
export class UsageView {
  @ApiProperty({ example: 'free' }) plan: string;
  @ApiProperty({ type: UsagePeriodView }) period: UsagePeriodView;
  @ApiProperty({ type: UsageLimitsView }) limits: UsageLimitsView;
}
