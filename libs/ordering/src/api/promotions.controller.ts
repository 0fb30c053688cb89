import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow, Ctx, IdParam, Idempotent, Page, RequestContext } from '@silkcart/shared';
import { PromotionPage, PromotionView } from '../application/ordering.views';
import {
  CreatePromotion,
  DeletePromotion,
  GetPromotion,
  ListPromotions,
  UpdatePromotion,
} from '../application/promotion.use-cases';
import type { PromotionTerms } from '../domain/promotion';
import { CreatePromotionDto, PromotionListQuery, UpdatePromotionDto } from './ordering.dto';

/** The DTO's dates as Dates; absent stays absent, null clears. */
function terms<T extends { startsAt?: string | null; endsAt?: string | null }>(
  dto: T,
): Omit<T, 'startsAt' | 'endsAt'> & { startsAt?: Date | null; endsAt?: Date | null } {
  const date = (v: string | null | undefined) =>
    v === undefined ? undefined : v === null ? null : new Date(v);
  return { ...dto, startsAt: date(dto.startsAt), endsAt: date(dto.endsAt) };
}

@ApiTags('promotions')
@ApiBearerAuth()
@ApiParam({ name: 'storeId', format: 'uuid' })
@Controller('stores/:storeId/promotions')
export class PromotionsController {
  constructor(
    private readonly listPromotions: ListPromotions,
    private readonly getPromotion: GetPromotion,
    private readonly createPromotion: CreatePromotion,
    private readonly updatePromotion: UpdatePromotion,
    private readonly deletePromotion: DeletePromotion,
  ) {}

  @Get()
  @Allow('store.read')
  @ApiResponse({ status: 200, type: PromotionPage })
  list(
    @Ctx() ctx: RequestContext,
    @Query() query: PromotionListQuery,
  ): Promise<Page<PromotionView>> {
    return this.listPromotions.execute(ctx, query);
  }

  @Post()
  @Allow('promotion.write')
  @Idempotent()
  @ApiResponse({ status: 201, type: PromotionView })
  @ApiResponse({ status: 409, description: 'The code is taken in this store' })
  create(@Ctx() ctx: RequestContext, @Body() dto: CreatePromotionDto): Promise<PromotionView> {
    return this.createPromotion.execute(ctx, terms(dto) as PromotionTerms);
  }

  @Get(':promotionId')
  @Allow('store.read')
  @ApiParam({ name: 'promotionId', format: 'uuid' })
  @ApiResponse({ status: 200, type: PromotionView })
  get(
    @Ctx() ctx: RequestContext,
    @Param('promotionId', IdParam) id: string,
  ): Promise<PromotionView> {
    return this.getPromotion.execute(ctx, id);
  }

  @Patch(':promotionId')
  @Allow('promotion.write')
  @ApiParam({ name: 'promotionId', format: 'uuid' })
  @ApiResponse({ status: 200, type: PromotionView })
  update(
    @Ctx() ctx: RequestContext,
    @Param('promotionId', IdParam) id: string,
    @Body() dto: UpdatePromotionDto,
  ): Promise<PromotionView> {
    return this.updatePromotion.execute(ctx, id, terms(dto) as Partial<PromotionTerms>);
  }

  @Delete(':promotionId')
  @HttpCode(204)
  @Allow('promotion.write')
  @ApiParam({ name: 'promotionId', format: 'uuid' })
  @ApiResponse({ status: 204 })
  async remove(@Ctx() ctx: RequestContext, @Param('promotionId', IdParam) id: string) {
    await this.deletePromotion.execute(ctx, id);
  }
}
