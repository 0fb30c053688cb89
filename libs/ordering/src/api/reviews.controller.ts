import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow, Ctx, IdParam, Page, RequestContext, Storefront } from '@silkcart/shared';
import {
  PublicReviewPage,
  PublicReviewView,
  ReviewCreatedView,
  ReviewPage,
  ReviewView,
} from '../application/ordering.views';
import {
  ListProductReviews,
  ListStoreReviews,
  ModerateReview,
  WriteReview,
} from '../application/review.use-cases';
import {
  ModerateReviewDto,
  ProductReviewsQuery,
  StoreReviewsQuery,
  WriteReviewDto,
} from './ordering.dto';

@ApiTags('storefront')
@ApiParam({ name: 'storeSlug' })
@ApiParam({ name: 'productSlug' })
@Controller('catalog/:storeSlug/products/:productSlug/reviews')
export class ProductReviewsController {
  constructor(
    private readonly writeReview: WriteReview,
    private readonly listReviews: ListProductReviews,
  ) {}

  @Post()
  @Storefront()
  @ApiResponse({ status: 201, type: ReviewCreatedView })
  @ApiResponse({ status: 403, description: 'The order is not paid, or does not hold the product' })
  @ApiResponse({ status: 404, description: 'Unknown product, or wrong order or token' })
  @ApiResponse({ status: 409, description: 'This order already reviewed this product' })
  write(
    @Ctx() ctx: RequestContext,
    @Param('productSlug') productSlug: string,
    @Body() dto: WriteReviewDto,
  ): Promise<ReviewCreatedView> {
    return this.writeReview.execute(ctx, productSlug, dto);
  }

  @Get()
  @Storefront()
  @ApiResponse({ status: 200, type: PublicReviewPage })
  list(
    @Ctx() ctx: RequestContext,
    @Param('productSlug') productSlug: string,
    @Query() query: ProductReviewsQuery,
  ): Promise<Page<PublicReviewView>> {
    return this.listReviews.execute(ctx, productSlug, query);
  }
}

@ApiTags('reviews')
@ApiBearerAuth()
@ApiParam({ name: 'storeId', format: 'uuid' })
@Controller('stores/:storeId/reviews')
export class StoreReviewsController {
  constructor(
    private readonly listReviews: ListStoreReviews,
    private readonly moderateReview: ModerateReview,
  ) {}

  @Get()
  @Allow('store.read')
  @ApiResponse({ status: 200, type: ReviewPage })
  list(@Ctx() ctx: RequestContext, @Query() query: StoreReviewsQuery): Promise<Page<ReviewView>> {
    return this.listReviews.execute(ctx, query);
  }

  @Patch(':reviewId')
  @Allow('review.moderate')
  @ApiParam({ name: 'reviewId', format: 'uuid' })
  @ApiResponse({ status: 200, type: ReviewView })
  moderate(
    @Ctx() ctx: RequestContext,
    @Param('reviewId', IdParam) id: string,
    @Body() dto: ModerateReviewDto,
  ): Promise<ReviewView> {
    return this.moderateReview.execute(ctx, id, dto.status);
  }
}
