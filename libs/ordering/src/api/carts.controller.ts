import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Ctx, IdParam, RequestContext, Storefront } from '@silkcart/shared';
import {
  AddCartItem,
  CreateCart,
  GetCart,
  RemoveCartItem,
  UpdateCartItem,
} from '../application/cart.use-cases';
import { CartView } from '../application/ordering.views';
import { ApplyCartPromotion, RemoveCartPromotion } from '../application/promotion.use-cases';
import { CartLineDto, CartPromotionDto, CreateCartDto, QuantityDto } from './ordering.dto';

@ApiTags('storefront')
@ApiParam({ name: 'storeSlug' })
@Controller('catalog/:storeSlug/carts')
export class CartsController {
  constructor(
    private readonly createCart: CreateCart,
    private readonly getCart: GetCart,
    private readonly addItem: AddCartItem,
    private readonly updateItem: UpdateCartItem,
    private readonly removeItem: RemoveCartItem,
    private readonly applyPromotion: ApplyCartPromotion,
    private readonly removePromotion: RemoveCartPromotion,
  ) {}

  @Post()
  @Storefront()
  @ApiResponse({ status: 201, type: CartView })
  @ApiResponse({
    status: 400,
    description: 'A variant unknown or of another store, named by its item',
  })
  create(@Ctx() ctx: RequestContext, @Body() dto: CreateCartDto): Promise<CartView> {
    return this.createCart.execute(ctx, dto.items);
  }

  @Get(':cartId')
  @Storefront()
  @ApiParam({ name: 'cartId', format: 'uuid' })
  @ApiResponse({ status: 200, type: CartView })
  get(@Ctx() ctx: RequestContext, @Param('cartId', IdParam) cartId: string): Promise<CartView> {
    return this.getCart.execute(ctx, cartId);
  }

  @Post(':cartId/items')
  @HttpCode(200)
  @Storefront()
  @ApiParam({ name: 'cartId', format: 'uuid' })
  @ApiResponse({ status: 200, type: CartView, description: 'The same variant adds up' })
  @ApiResponse({ status: 409, description: 'The cart became an order' })
  add(
    @Ctx() ctx: RequestContext,
    @Param('cartId', IdParam) cartId: string,
    @Body() dto: CartLineDto,
  ): Promise<CartView> {
    return this.addItem.execute(ctx, cartId, dto);
  }

  @Patch(':cartId/items/:itemId')
  @Storefront()
  @ApiParam({ name: 'cartId', format: 'uuid' })
  @ApiParam({ name: 'itemId', format: 'uuid' })
  @ApiResponse({ status: 200, type: CartView })
  update(
    @Ctx() ctx: RequestContext,
    @Param('cartId', IdParam) cartId: string,
    @Param('itemId', IdParam) itemId: string,
    @Body() dto: QuantityDto,
  ): Promise<CartView> {
    return this.updateItem.execute(ctx, cartId, itemId, dto.quantity);
  }

  @Delete(':cartId/items/:itemId')
  @Storefront()
  @ApiParam({ name: 'cartId', format: 'uuid' })
  @ApiParam({ name: 'itemId', format: 'uuid' })
  @ApiResponse({ status: 200, type: CartView })
  remove(
    @Ctx() ctx: RequestContext,
    @Param('cartId', IdParam) cartId: string,
    @Param('itemId', IdParam) itemId: string,
  ): Promise<CartView> {
    return this.removeItem.execute(ctx, cartId, itemId);
  }

  @Post(':cartId/promotion')
  @HttpCode(200)
  @Storefront()
  @ApiParam({ name: 'cartId', format: 'uuid' })
  @ApiResponse({ status: 200, type: CartView, description: 'With promotionCode and discountTotal' })
  @ApiResponse({ status: 400, description: 'The code does not apply: errors[0] says why' })
  @ApiResponse({ status: 409, description: 'The cart became an order' })
  applyCode(
    @Ctx() ctx: RequestContext,
    @Param('cartId', IdParam) cartId: string,
    @Body() dto: CartPromotionDto,
  ): Promise<CartView> {
    return this.applyPromotion.execute(ctx, cartId, dto.code);
  }

  @Delete(':cartId/promotion')
  @Storefront()
  @ApiParam({ name: 'cartId', format: 'uuid' })
  @ApiResponse({ status: 200, type: CartView })
  removeCode(
    @Ctx() ctx: RequestContext,
    @Param('cartId', IdParam) cartId: string,
  ): Promise<CartView> {
    return this.removePromotion.execute(ctx, cartId);
  }
}
