import { Body, Controller, Get, Headers, Param, Post, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Ctx, IdParam, Idempotency, RequestContext, Storefront } from '@silkcart/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GetOrderForCustomer } from '../application/order-queries.use-cases';
import { PlaceOrder } from '../application/place-order.use-case';
import type { OrderView } from '../infrastructure/order.repository';
import { OrderView as OrderSchema, PlacedOrderView, PlaceOrderDto } from './ordering.dto';

@ApiTags('storefront')
@ApiParam({ name: 'storeSlug' })
@Controller('catalog/:storeSlug/orders')
export class StorefrontOrdersController {
  constructor(
    private readonly placeOrder: PlaceOrder,
    private readonly getOrder: GetOrderForCustomer,
    private readonly idempotency: Idempotency,
  ) {}

  @Post()
  @Storefront({ transaction: false })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: '1-255 characters; replays the first answer for 24 h',
  })
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
  @ApiResponse({ status: 422, description: 'Idempotency-Key reused with another body' })
  async place(
    @Ctx() ctx: RequestContext,
    @Body() dto: PlaceOrderDto,
    @Headers('idempotency-key') key: string | undefined,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    const hash = Idempotency.hash('POST', req.url.split('?')[0], req.body);
    const result = await this.idempotency.run(ctx, key, hash, async (c) => ({
      status: 201,
      body: await this.placeOrder.execute(c, dto),
    }));
    reply.status(result.status);
    if (result.replayed) reply.header('idempotent-replayed', 'true');
    return result.body;
  }

  @Get(':orderId')
  @Storefront()
  @ApiParam({ name: 'orderId', format: 'uuid' })
  @ApiHeader({ name: 'X-Order-Token', required: true })
  @ApiResponse({ status: 200, type: OrderSchema })
  @ApiResponse({ status: 404, description: 'Unknown order, or a wrong or missing token' })
  get(
    @Ctx() ctx: RequestContext,
    @Param('orderId', IdParam) orderId: string,
    @Headers('x-order-token') token: string | undefined,
  ): Promise<OrderView> {
    return this.getOrder.execute(ctx, orderId, token);
  }
}
