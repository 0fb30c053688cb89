import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Ctx, RequestContext, Storefront } from '@silkcart/shared';
import { TenancyFacade } from '@silkcart/tenancy';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { BrowseProducts } from '../application/browse-products.use-case';
import { ViewCategoryTree } from '../application/view-category-tree.use-case';
import { ViewProduct } from '../application/view-product.use-case';
import type { CachedResponse } from '../infrastructure/storefront-cache';
import {
  CategoryTree,
  StorefrontProductPage,
  StorefrontProductView,
  StorefrontQuery,
} from './catalog.dto';

// Short for CDNs (a write must show on the next read), longer while revalidating.
const CACHE_CONTROL = 'public, max-age=0, s-maxage=5, stale-while-revalidate=30';

@ApiTags('storefront')
@ApiParam({ name: 'storeSlug' })
@ApiHeader({ name: 'If-None-Match', required: false })
@Controller('catalog/:storeSlug')
export class StorefrontController {
  constructor(
    private readonly tenancy: TenancyFacade,
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
    @Param('storeSlug') slug: string,
    @Query() query: StorefrontQuery,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const currency = await this.currency(slug);
    const filter = {
      q: query.q,
      category: query.category,
      priceMin: query.price_min,
      priceMax: query.price_max,
      inStock: query.in_stock,
      ordering: query.ordering ?? '-created',
      page: query.page,
      limit: query.limit,
    };
    return send(req, reply, await this.browse.execute(ctx, currency, filter));
  }

  @Get('products/:productSlug')
  @Storefront({ transaction: false })
  @ApiParam({ name: 'productSlug' })
  @ApiResponse({ status: 200, type: StorefrontProductView })
  @ApiResponse({ status: 404, description: 'Draft, archived or unknown' })
  async product(
    @Ctx() ctx: RequestContext,
    @Param('storeSlug') slug: string,
    @Param('productSlug') productSlug: string,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return send(
      req,
      reply,
      await this.viewProduct.execute(ctx, await this.currency(slug), productSlug),
    );
  }

  @Get('categories')
  @Storefront({ transaction: false })
  @ApiResponse({ status: 200, type: CategoryTree })
  async categories(
    @Ctx() ctx: RequestContext,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return send(req, reply, await this.categoryTree.execute(ctx));
  }

  private async currency(slug: string): Promise<string> {
    return (await this.tenancy.storeBySlug(slug))?.currency ?? 'USD';
  }
}

/** The cached JSON as is, with its ETag; 304 when the client already has it. */
function send(req: FastifyRequest, reply: FastifyReply, response: CachedResponse): string {
  reply.header('content-type', 'application/json; charset=utf-8');
  reply.header('etag', response.etag);
  reply.header('cache-control', CACHE_CONTROL);
  const match = req.headers['if-none-match'];
  if (match && match.split(',').some((tag) => tag.trim() === response.etag)) {
    reply.status(304);
    return '';
  }
  return response.body;
}
