import { Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Ctx, CustomerOnly, IdParam, RequestContext } from '@silkcart/shared';
import { WishlistView } from '../application/catalog.views';
import { Wishlist } from '../application/wishlist.use-cases';

@ApiTags('customers')
@ApiBearerAuth()
@ApiParam({ name: 'storeSlug' })
@Controller('catalog/:storeSlug/customers/me/wishlist')
export class WishlistController {
  constructor(private readonly wishlist: Wishlist) {}

  @Get()
  @CustomerOnly()
  @ApiResponse({ status: 200, type: WishlistView, description: 'Active products only' })
  list(@Ctx() ctx: RequestContext): Promise<WishlistView> {
    return this.wishlist.list(ctx);
  }

  @Put(':productId')
  @HttpCode(204)
  @CustomerOnly()
  @ApiParam({ name: 'productId', format: 'uuid' })
  @ApiResponse({ status: 204, description: 'Idempotent' })
  @ApiResponse({ status: 404, description: 'Not an active product of this store' })
  async add(@Ctx() ctx: RequestContext, @Param('productId', IdParam) id: string): Promise<void> {
    await this.wishlist.add(ctx, id);
  }

  @Delete(':productId')
  @HttpCode(204)
  @CustomerOnly()
  @ApiParam({ name: 'productId', format: 'uuid' })
  @ApiResponse({ status: 204, description: 'Idempotent' })
  @ApiResponse({ status: 404, description: 'Not an active product of this store' })
  async remove(@Ctx() ctx: RequestContext, @Param('productId', IdParam) id: string): Promise<void> {
    await this.wishlist.remove(ctx, id);
  }
}
