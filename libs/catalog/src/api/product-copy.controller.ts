import { Body, Controller, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ThrottlerStorage } from '@nestjs/throttler';
import {
  Allow,
  Audit,
  Ctx,
  IdParam,
  Idempotent,
  RequestContext,
  takeRateBudget,
} from '@silkcart/shared';
import type { FastifyReply } from 'fastify';
import {
  GenerateProductCopy,
  ProductCopyView,
} from '../application/generate-product-copy.use-case';
import { ProductCopyDto } from './product-copy.dto';

/** The contract's budget of AI copy requests a minute per store. */
const COPY_PER_MINUTE = 30;

@ApiTags('catalog')
@ApiBearerAuth()
@ApiParam({ name: 'storeId', format: 'uuid' })
@Controller('stores/:storeId/products')
export class ProductCopyController {
  constructor(
    private readonly generateCopy: GenerateProductCopy,
    @Inject(ThrottlerStorage) private readonly throttle: ThrottlerStorage,
  ) {}

  // No request transaction: the product is read in a short one, not held while OpenAI writes.
  @Post(':productId/ai-description')
  @HttpCode(200)
  @Allow('catalog.write', { transaction: false })
  @Idempotent()
  @Audit(false)
  @ApiParam({ name: 'productId', format: 'uuid' })
  @ApiResponse({ status: 200, type: ProductCopyView, description: 'A suggestion, not saved' })
  @ApiResponse({ status: 404, description: 'No such product in this store' })
  @ApiResponse({ status: 429, description: `Over ${COPY_PER_MINUTE} a minute for this store` })
  @ApiResponse({ status: 502, description: 'OpenAI failed or took over 20 s' })
  @ApiResponse({ status: 503, description: 'OPENAI_API_KEY is not set' })
  async describe(
    @Ctx() ctx: RequestContext,
    @Param('productId', IdParam) productId: string,
    @Body() dto: ProductCopyDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProductCopyView> {
    this.generateCopy.ensureAvailable();
    await takeRateBudget(this.throttle, reply, 'ai-copy', String(ctx.storeId), COPY_PER_MINUTE);
    return this.generateCopy.execute(ctx, productId, dto);
  }
}
