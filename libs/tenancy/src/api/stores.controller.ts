import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  Allow,
  Authenticated,
  Ctx,
  Page,
  PageQuery,
  Public,
  RequestContext,
} from '@silkcart/shared';
import { CreateStore } from '../application/create-store.use-case';
import { GetPublicStore } from '../application/get-public-store.use-case';
import { GetStore } from '../application/get-store.use-case';
import { ListMyStores } from '../application/list-my-stores.use-case';
import { MyStorePage, MyStoreView, PublicStoreView, StoreView } from '../application/tenancy.views';
import { UpdateStore } from '../application/update-store.use-case';
import { CreateStoreDto, UpdateStoreDto } from './stores.dto';

@ApiTags('stores')
@Controller('stores')
export class StoresController {
  constructor(
    private readonly createStore: CreateStore,
    private readonly listMyStores: ListMyStores,
    private readonly getStore: GetStore,
    private readonly updateStore: UpdateStore,
    private readonly getPublicStore: GetPublicStore,
  ) {}

  @Post()
  @Authenticated()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Open a store; the caller becomes its StoreAdmin' })
  @ApiResponse({ status: 201, type: StoreView })
  @ApiResponse({ status: 409, description: 'Slug taken' })
  create(@Ctx() ctx: RequestContext, @Body() dto: CreateStoreDto): Promise<StoreView> {
    return this.createStore.execute(ctx, dto);
  }

  @Get()
  @Authenticated()
  @ApiBearerAuth()
  @ApiOperation({ summary: "The caller's stores, each with the caller's role" })
  @ApiResponse({ status: 200, type: MyStorePage })
  list(@Ctx() ctx: RequestContext, @Query() query: PageQuery): Promise<Page<MyStoreView>> {
    return this.listMyStores.execute(ctx, query);
  }

  @Get(':storeId')
  @Allow('store.read')
  @ApiBearerAuth()
  @ApiParam({ name: 'storeId', format: 'uuid' })
  @ApiResponse({ status: 200, type: StoreView })
  @ApiResponse({ status: 404, description: 'No such store, or not a member' })
  get(@Ctx() ctx: RequestContext): Promise<StoreView> {
    return this.getStore.execute(ctx);
  }

  @Patch(':storeId')
  @Allow('store.manage')
  @ApiBearerAuth()
  @ApiParam({ name: 'storeId', format: 'uuid' })
  @ApiOperation({ summary: 'Rename, set the support email or change settings (StoreAdmin)' })
  @ApiResponse({ status: 200, type: StoreView })
  update(@Ctx() ctx: RequestContext, @Body() dto: UpdateStoreDto): Promise<StoreView> {
    return this.updateStore.execute(ctx, dto);
  }

  @Get(':slug/public')
  @Public()
  @ApiOperation({ summary: "A store's public profile" })
  @ApiResponse({ status: 200, type: PublicStoreView })
  @ApiResponse({ status: 404 })
  publicProfile(@Ctx() ctx: RequestContext, @Param('slug') slug: string): Promise<PublicStoreView> {
    return this.getPublicStore.execute(ctx, slug);
  }
}
