import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Ctx, RequestContext, Storefront } from '@silkcart/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { BrowseProducts } from '../application/browse-products.use-case';
import {
  CategoryTree,
  StorefrontProductPage,
  StorefrontProductView,
} from '../application/catalog.views';
import { ViewCategoryTree } from '../application/view-category-tree.use-case';
import { ViewProduct } from '../application/view-product.use-case';
import { StorefrontQuery } from './catalog.dto';
import { sendCached, storefrontFilter, storefrontRequestKey } from './storefront-fast-path';

/**
 * Storefront reads that missed the cache (hits leave from StorefrontFastPath): validated
 * here, computed in a tenant transaction, cached under the request's key.
 */
@ApiTags('storefront')
@ApiParam({ name: 'storeSlug' })
@ApiHeader({ name: 'If-None-Match', required: false })
@Controller('catalog/:storeSlug')
export class StorefrontController {
  constructor(
    private readonly browse: BrowseProducts,
    private readonly viewProduct: ViewProduct,
    private readonly categoryTree: ViewCategoryTree,
  ) {}

  @Get('products')
  @Storefront({ transaction: false })
  @ApiResponse({ status: 200, type: StorefrontProductPage })
  @ApiResponse({ status: 304, description: 'Not modified (If-None-Match)' })
  async products(
    @Ctx() ctx: RequestContext,
    @Param('storeSlug') _storeSlug: string,
    @Query() query: StorefrontQuery,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer | string> {
    const found = await this.browse.execute(
      ctx,
      storefrontRequestKey(req.url),
      storefrontFilter(query),
    );
    return sendCached(req, reply, found);
  }

  @Get('products/:productSlug')
  @Storefront({ transaction: false })
  @ApiParam({ name: 'productSlug' })
  @ApiResponse({ status: 200, type: StorefrontProductView })
  @ApiResponse({ status: 404, description: 'Draft, archived or unknown' })
  async product(
    @Ctx() ctx: RequestContext,
    @Param('storeSlug') _storeSlug: string,
    @Param('productSlug') productSlug: string,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer | string> {
    const found = await this.viewProduct.execute(ctx, storefrontRequestKey(req.url), productSlug);
    return sendCached(req, reply, found);
  }

  @Get('categories')
  @Storefront({ transaction: false })
  @ApiResponse({ status: 200, type: CategoryTree })
  async categories(
    @Ctx() ctx: RequestContext,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer | string> {
    return sendCached(
      req,
      reply,
      await this.categoryTree.execute(ctx, storefrontRequestKey(req.url)),
    );
  }
}
