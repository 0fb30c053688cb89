import { Body, Controller, Get, Headers, Param, Post } from '@nestjs/common';
import { ApiHeader, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Ctx, IdParam, Idempotent, RequestContext, Storefront } from '@silkcart/shared';
import { GetOrderForCustomer } from '../application/order-queries.use-cases';
import { PlaceOrder } from '../application/place-order.use-case';
import { OrderView, PlacedOrderView } from '../application/ordering.views';
import { PlaceOrderDto } from './ordering.dto';

@ApiTags('storefront')
@ApiParam({ name: 'storeSlug' })
@Controller('catalog/:storeSlug/orders')
export class StorefrontOrdersController {
  constructor(
    private readonly placeOrder: PlaceOrder,
    private readonly getOrder: GetOrderForCustomer,
  ) {}

  @Post()
  @Storefront()
  @Idempotent()
  @ApiResponse({ status: 201, type: PlacedOrderView })
  @ApiResponse({
    status: 400,
    description: 'Invalid body, price fields sent, cartId with items, or a variant not for sale',
  })
  @ApiResponse({
    status: 409,
    description:
      'Not enough stock (naming the variants), a consumed cart, or the same Idempotency-Key still running',
  })
  place(@Ctx() ctx: RequestContext, @Body() dto: PlaceOrderDto): Promise<PlacedOrderView> {
    return this.placeOrder.execute(ctx, dto);
  }

  @Get(':orderId')
  @Storefront()
  @ApiParam({ name: 'orderId', format: 'uuid' })
  @ApiHeader({ name: 'X-Order-Token', required: true })
  @ApiResponse({ status: 200, type: OrderView })
  @ApiResponse({ status: 404, description: 'Unknown order, or a wrong or missing token' })
  get(
    @Ctx() ctx: RequestContext,
    @Param('orderId', IdParam) orderId: string,
    @Headers('x-order-token') token: string | undefined,
  ): Promise<OrderView> {
    return this.getOrder.execute(ctx, orderId, token);
  }
}
