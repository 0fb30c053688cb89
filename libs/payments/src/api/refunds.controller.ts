import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { RefundView } from '@silkcart/ordering';
import { Allow, Ctx, IdParam, Idempotent, RequestContext } from '@silkcart/shared';
import { RefundOrder } from '../application/refund-order.use-case';
import { RefundDto } from './payments.dto';

@ApiTags('orders')
@ApiParam({ name: 'storeId', format: 'uuid' })
@ApiParam({ name: 'orderId', format: 'uuid' })
@Controller('stores/:storeId/orders/:orderId/refunds')
export class RefundsController {
  constructor(private readonly refundOrder: RefundOrder) {}

  @Post()
  @Allow('order.cancel')
  @Idempotent()
  @ApiResponse({ status: 201, type: RefundView })
  @ApiResponse({ status: 400, description: 'An amount of 0 or less' })
  @ApiResponse({ status: 409, description: 'More than is left, or an order never paid' })
  @ApiResponse({ status: 502, description: 'The provider failed' })
  refund(
    @Ctx() ctx: RequestContext,
    @Param('orderId', IdParam) orderId: string,
    @Body() dto: RefundDto,
  ): Promise<RefundView> {
    return this.refundOrder.execute(ctx, orderId, dto.amount);
  }
}
