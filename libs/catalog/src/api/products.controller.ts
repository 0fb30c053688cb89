import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Req,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiParam,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  Allow,
  Idempotent,
  Ctx,
  IdParam,
  InvalidInput,
  Page,
  RequestContext,
} from '@silkcart/shared';
import type { FastifyRequest } from 'fastify';
import { AddVariant } from '../application/add-variant.use-case';
import { ArchiveProduct } from '../application/archive-product.use-case';
import { ImageView, ProductPage, ProductView, VariantView } from '../application/catalog.views';
import { CreateProduct } from '../application/create-product.use-case';
import { DeleteImage } from '../application/delete-image.use-case';
import { DeleteVariant } from '../application/delete-variant.use-case';
import { GetProduct } from '../application/get-product.use-case';
import { ListProducts } from '../application/list-products.use-case';
import { UpdateProduct } from '../application/update-product.use-case';
import { UpdateVariant } from '../application/update-variant.use-case';
import { MAX_IMAGE_BYTES, UploadImage } from '../application/upload-image.use-case';
import { ImageTooLarge } from '../domain/catalog.errors';
import {
  CreateProductDto,
  CreateVariantDto,
  ImageUploadForm,
  ProductListQuery,
  UpdateProductDto,
  UpdateVariantDto,
} from './catalog.dto';

@ApiTags('catalog')
@ApiBearerAuth()
@ApiParam({ name: 'storeId', format: 'uuid' })
@Controller('stores/:storeId/products')
export class ProductsController {
  constructor(
    private readonly listProducts: ListProducts,
    private readonly createProduct: CreateProduct,
    private readonly getProduct: GetProduct,
    private readonly updateProduct: UpdateProduct,
    private readonly archiveProduct: ArchiveProduct,
    private readonly addVariant: AddVariant,
    private readonly updateVariant: UpdateVariant,
    private readonly deleteVariant: DeleteVariant,
    private readonly uploadImage: UploadImage,
    private readonly deleteImage: DeleteImage,
  ) {}

  @Get()
  @Allow('store.read')
  @ApiResponse({ status: 200, type: ProductPage })
  list(@Ctx() ctx: RequestContext, @Query() query: ProductListQuery): Promise<Page<ProductView>> {
    return this.listProducts.execute(ctx, query);
  }

  @Post()
  @Allow('catalog.write')
  @Idempotent()
  @ApiResponse({ status: 201, type: ProductView })
  @ApiResponse({ status: 409, description: 'Slug or SKU taken in this store' })
  create(@Ctx() ctx: RequestContext, @Body() dto: CreateProductDto): Promise<ProductView> {
    return this.createProduct.execute(ctx, dto);
  }

  @Get(':productId')
  @Allow('store.read')
  @ApiParam({ name: 'productId', format: 'uuid' })
  @ApiResponse({ status: 200, type: ProductView })
  get(@Ctx() ctx: RequestContext, @Param('productId', IdParam) id: string): Promise<ProductView> {
    return this.getProduct.execute(ctx, id);
  }

  @Patch(':productId')
  @Allow('catalog.write')
  @ApiParam({ name: 'productId', format: 'uuid' })
  @ApiResponse({ status: 200, type: ProductView })
  update(
    @Ctx() ctx: RequestContext,
    @Param('productId', IdParam) id: string,
    @Body() dto: UpdateProductDto,
  ): Promise<ProductView> {
    return this.updateProduct.execute(ctx, id, dto);
  }

  @Delete(':productId')
  @HttpCode(204)
  @Allow('catalog.write')
  @ApiParam({ name: 'productId', format: 'uuid' })
  @ApiResponse({ status: 204, description: 'Archived (soft delete)' })
  async archive(
    @Ctx() ctx: RequestContext,
    @Param('productId', IdParam) id: string,
  ): Promise<void> {
    await this.archiveProduct.execute(ctx, id);
  }

  @Post(':productId/variants')
  @Allow('catalog.write')
  @Idempotent()
  @ApiParam({ name: 'productId', format: 'uuid' })
  @ApiResponse({ status: 201, type: VariantView })
  @ApiResponse({ status: 409, description: 'SKU taken in this store' })
  createVariant(
    @Ctx() ctx: RequestContext,
    @Param('productId', IdParam) productId: string,
    @Body() dto: CreateVariantDto,
  ): Promise<VariantView> {
    return this.addVariant.execute(ctx, productId, dto);
  }

  @Patch(':productId/variants/:variantId')
  @Allow('catalog.write')
  @ApiParam({ name: 'productId', format: 'uuid' })
  @ApiParam({ name: 'variantId', format: 'uuid' })
  @ApiResponse({ status: 200, type: VariantView })
  patchVariant(
    @Ctx() ctx: RequestContext,
    @Param('productId', IdParam) productId: string,
    @Param('variantId', IdParam) variantId: string,
    @Body() dto: UpdateVariantDto,
  ): Promise<VariantView> {
    return this.updateVariant.execute(ctx, productId, variantId, dto);
  }

  @Delete(':productId/variants/:variantId')
  @HttpCode(204)
  @Allow('catalog.write')
  @ApiParam({ name: 'productId', format: 'uuid' })
  @ApiParam({ name: 'variantId', format: 'uuid' })
  @ApiResponse({ status: 204 })
  async removeVariant(
    @Ctx() ctx: RequestContext,
    @Param('productId', IdParam) productId: string,
    @Param('variantId', IdParam) variantId: string,
  ): Promise<void> {
    await this.deleteVariant.execute(ctx, productId, variantId);
  }

  @Post(':productId/images')
  @Allow('catalog.write', { transaction: false })
  @Idempotent()
  @ApiParam({ name: 'productId', format: 'uuid' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: ImageUploadForm })
  @ApiResponse({ status: 201, type: ImageView })
  @ApiResponse({ status: 400, description: 'No file' })
  @ApiResponse({ status: 413, description: 'Larger than 5 MiB' })
  @ApiResponse({ status: 415, description: 'Not JPEG, PNG, WebP or GIF by content' })
  async upload(
    @Ctx() ctx: RequestContext,
    @Param('productId', IdParam) productId: string,
    @Req() req: FastifyRequest,
  ): Promise<ImageView> {
    const noFile = () =>
      new InvalidInput('Send multipart/form-data with a file field', [
        { field: 'file', message: 'file is required' },
      ]);
    if (!req.isMultipart()) throw noFile();
    let alt = '';
    let image: ImageView | undefined;
    for await (const part of req.parts({ limits: { fileSize: MAX_IMAGE_BYTES } })) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file' || image) {
          part.file.resume();
          continue;
        }
        // Read whole before anything looks at it, so no reader can miss bytes that already flowed.
        let data: Buffer;
        try {
          data = await part.toBuffer();
        } catch (err) {
          // The multipart limit cut the file at MAX_IMAGE_BYTES.
          if (part.file.truncated) throw new ImageTooLarge();
          throw err;
        }
        image = await this.uploadImage.execute(ctx, productId, data, () => alt);
      } else if (part.fieldname === 'alt') {
        alt = String(part.value).slice(0, 500);
      }
    }
    if (!image) throw noFile();
    // An alt field sent after the file arrives once the image is recorded.
    return alt !== image.alt ? this.uploadImage.setAlt(ctx, productId, image, alt) : image;
  }

  @Delete(':productId/images/:imageId')
  @HttpCode(204)
  @Allow('catalog.write')
  @ApiParam({ name: 'productId', format: 'uuid' })
  @ApiParam({ name: 'imageId', format: 'uuid' })
  @ApiResponse({ status: 204 })
  async removeImage(
    @Ctx() ctx: RequestContext,
    @Param('productId', IdParam) productId: string,
    @Param('imageId', IdParam) imageId: string,
  ): Promise<void> {
    await this.deleteImage.execute(ctx, productId, imageId);
  }
}
