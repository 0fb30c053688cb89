import { ApiProperty } from '@nestjs/swagger';
import { ANALYTICS_INTERVALS, type AnalyticsInterval } from '../domain/analytics';

export class AnalyticsTotalsView {
  @ApiProperty({ description: 'Σ total of the orders paid in the range, minor units' })
  grossSales: number;
  @ApiProperty({ description: 'Orders paid in the range' }) orders: number;
  @ApiProperty({ description: 'grossSales ÷ orders, rounded half up; 0 without orders' })
  averageOrderValue: number;
  @ApiProperty({ description: 'Σ succeeded refunds, by when they succeeded' }) refunds: number;
  @ApiProperty({ description: 'grossSales − refunds' }) netSales: number;
  @ApiProperty({ description: 'Σ quantities of the orders paid in the range' }) unitsSold: number;
  @ApiProperty({ description: 'Carts created in the range' }) carts: number;
  @ApiProperty({
    nullable: true,
    type: 'number',
    description: 'Orders created ÷ carts created, 4 decimals; null without carts',
  })
  checkoutConversion: number | null;
  @ApiProperty({
    nullable: true,
    type: 'number',
    description: 'Succeeded ÷ (succeeded + failed) payments, by their creation; 4 decimals',
  })
  paymentSuccessRate: number | null;
  @ApiProperty({
    nullable: true,
    type: 'number',
    description: 'Sent ÷ (sent + failed) emails, 4 decimals',
  })
  emailDeliveryRate: number | null;
}

export class AnalyticsPeriodView {
  @ApiProperty({ format: 'date', description: "The period's first day, in the store's zone" })
  period: string;
  @ApiProperty() grossSales: number;
  @ApiProperty() orders: number;
  @ApiProperty() refunds: number;
}

export class TopProductView {
  @ApiProperty({ format: 'uuid' }) productId: string;
  @ApiProperty() title: string;
  @ApiProperty() unitsSold: number;
  @ApiProperty({ description: 'Σ line totals, minor units' }) grossSales: number;
}

export class StoreAnalyticsView {
  @ApiProperty() currency: string;
  @ApiProperty({ format: 'date' }) from: string;
  @ApiProperty({ format: 'date' }) to: string;
  @ApiProperty({ enum: ANALYTICS_INTERVALS }) interval: AnalyticsInterval;
  @ApiProperty({ type: AnalyticsTotalsView }) totals: AnalyticsTotalsView;
  @ApiProperty({ type: [AnalyticsPeriodView] }) series: AnalyticsPeriodView[];
  @ApiProperty({ type: [TopProductView] }) topProducts: TopProductView[];
}
