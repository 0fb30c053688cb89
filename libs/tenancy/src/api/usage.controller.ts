import { Body, Controller, Get, Param, Put, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow, Ctx, IdParam, Public, RequestContext } from '@silkcart/shared';
import { Usage } from '../application/usage';
import { UsageView } from '../application/usage.views';
import { OperatorGuard } from './operator.guard';
import { SetPlanDto } from './usage.dto';

@ApiTags('usage')
@ApiBearerAuth()
@ApiParam({ name: 'storeId', format: 'uuid' })
@Controller('stores/:storeId/usage')
export class UsageController {
  constructor(private readonly usage: Usage) {}

  @Get()
  @Allow('store.read')
  @ApiResponse({ status: 200, type: UsageView })
  show(@Ctx() ctx: RequestContext): Promise<UsageView> {
    return this.usage.view(ctx);
  }
}

/** The platform operator's routes: reached with OPERATOR_TOKEN, 404 while it is not set. */
@ApiTags('operator')
@ApiBearerAuth()
@Controller('operator')
@UseGuards(OperatorGuard)
export class OperatorController {
  constructor(private readonly usage: Usage) {}

  @Put('stores/:storeId/plan')
  @Public()
  @ApiParam({ name: 'storeId', format: 'uuid' })
  @ApiResponse({ status: 200, type: UsageView, description: "The store's usage on its new plan" })
  @ApiResponse({ status: 400, description: 'No such plan' })
  @ApiResponse({ status: 401, description: 'Not the bearer OPERATOR_TOKEN' })
  @ApiResponse({ status: 404, description: 'No such store, or OPERATOR_TOKEN is not set' })
  setPlan(
    @Ctx() ctx: RequestContext,
    @Param('storeId', IdParam) storeId: string,
    @Body() dto: SetPlanDto,
  ): Promise<UsageView> {
    return this.usage.setPlan(ctx, storeId, dto.plan);
  }
}
