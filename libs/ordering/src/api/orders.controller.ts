import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow, Idempotent, Ctx, IdParam, Page, RequestContext } from '@silkcart/shared';
import { CancelOrder } from '../application/cancel-order.use-case';
import { FulfilOrder } from '../application/fulfil-order.use-case';
import { GetOrder, ListOrders } from '../application/order-queries.use-cases';
import { OrderPage, OrderView } from '../application/ordering.views';
import { CancelDto, FulfilDto, OrderListQuery } from './ordering.dto';

@ApiTags('orders')
@ApiBearerAuth()
@ApiParam({ name: 'storeId', format: 'uuid' })
@Controller('stores/:storeId/orders')
export class OrdersController {
  constructor(
    private readonly listOrders: ListOrders,
    private readonly getOrder: GetOrder,
    private readonly fulfilOrder: FulfilOrder,
    private readonly cancelOrder: CancelOrder,
  ) {}

  @Get()
  @Allow('store.read')
  @ApiResponse({ status: 200, type: OrderPage })
  list(@Ctx() ctx: RequestContext, @Query() query: OrderListQuery): Promise<Page<OrderView>> {
    return this.listOrders.execute(ctx, query);
  }

  @Get(':orderId')
  @Allow('store.read')
  @ApiParam({ name: 'orderId', format: 'uuid' })
  @ApiResponse({ status: 200, type: OrderView })
  get(@Ctx() ctx: RequestContext, @Param('orderId', IdParam) orderId: string): Promise<OrderView> {
    return this.getOrder.execute(ctx, orderId);
  }

  @Post(':orderId/fulfil')
  @HttpCode(200)
  @Allow('order.fulfil')
  @Idempotent()
  @ApiParam({ name: 'orderId', format: 'uuid' })
  @ApiResponse({ status: 200, type: OrderView })
  @ApiResponse({ status: 409, description: 'Only a paid order can be fulfilled' })
  fulfil(
    @Ctx() ctx: RequestContext,
    @Param('orderId', IdParam) orderId: string,
    @Body() dto: FulfilDto,
  ): Promise<OrderView> {
    return this.fulfilOrder.execute(ctx, orderId, dto);
  }

  @Post(':orderId/cancel')
  @HttpCode(200)
  @Allow('order.cancel')
  @Idempotent()
  @ApiParam({ name: 'orderId', format: 'uuid' })
  @ApiResponse({
    status: 200,
    type: OrderView,
    description: 'Stock released; a paid order is refunded',
  })
  @ApiResponse({ status: 409, description: 'Not cancellable in its status' })
  cancel(
    @Ctx() ctx: RequestContext,
    @Param('orderId', IdParam) orderId: string,
    @Body() dto: CancelDto,
  ): Promise<OrderView> {
    return this.cancelOrder.execute(ctx, orderId, dto.reason);
  }
}
