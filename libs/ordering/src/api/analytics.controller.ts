import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow, Ctx, RequestContext } from '@silkcart/shared';
import { StoreAnalyticsView } from '../application/analytics.views';
import { GetStoreAnalytics } from '../application/get-store-analytics.use-case';
import { AnalyticsQuery } from './analytics.dto';

@ApiTags('analytics')
@ApiBearerAuth()
@ApiParam({ name: 'storeId', format: 'uuid' })
@Controller('stores/:storeId/analytics')
export class AnalyticsController {
  constructor(private readonly getAnalytics: GetStoreAnalytics) {}

  @Get()
  @Allow('store.read')
  @ApiResponse({ status: 200, type: StoreAnalyticsView })
  @ApiResponse({
    status: 400,
    description: 'A date that does not exist, from after to, more than 366 days',
  })
  get(@Ctx() ctx: RequestContext, @Query() query: AnalyticsQuery): Promise<StoreAnalyticsView> {
    return this.getAnalytics.execute(ctx, query);
  }
}
