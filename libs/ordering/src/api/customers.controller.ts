import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow, Ctx, CustomerOnly, Page, PageQuery, RequestContext } from '@silkcart/shared';
import { ListCustomers, ListMyOrders } from '../application/order-queries.use-cases';
import {
  CustomerListItem,
  CustomerPage,
  OrderPage,
  OrderView,
} from '../application/ordering.views';
import { CustomerListQuery } from './ordering.dto';

@ApiTags('customers')
@ApiBearerAuth()
@ApiParam({ name: 'storeSlug' })
@Controller('catalog/:storeSlug/customers/me/orders')
export class MyOrdersController {
  constructor(private readonly myOrders: ListMyOrders) {}

  @Get()
  @CustomerOnly()
  @ApiResponse({ status: 200, type: OrderPage, description: 'Newest first' })
  list(@Ctx() ctx: RequestContext, @Query() query: PageQuery): Promise<Page<OrderView>> {
    return this.myOrders.execute(ctx, query);
  }
}

@ApiTags('customers')
@ApiBearerAuth()
@ApiParam({ name: 'storeId', format: 'uuid' })
@Controller('stores/:storeId/customers')
export class StoreCustomersController {
  constructor(private readonly customers: ListCustomers) {}

  @Get()
  @Allow('store.read')
  @ApiResponse({ status: 200, type: CustomerPage })
  list(
    @Ctx() ctx: RequestContext,
    @Query() query: CustomerListQuery,
  ): Promise<Page<CustomerListItem>> {
    return this.customers.execute(ctx, query);
  }
}
