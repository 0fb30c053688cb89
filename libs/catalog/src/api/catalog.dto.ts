import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateIf,
} from 'class-validator';
import {
  IsOptionalButNotNull,
  NestedObjects,
  PageQuery,
  QueryBoolean,
  Trim,
} from '@silkcart/shared';
import {
  ORDERINGS,
  PRODUCT_STATUSES,
  STOREFRONT_ORDERINGS,
  type Ordering,
  type ProductStatus,
  type StorefrontOrdering,
} from '../domain/product';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MAX_MONEY = 1_000_000_000;

/** `{ "Size": "M" }`: up to 10 names and values, each 1-100 characters. */
const IsOptionMap = () =>
  ValidateBy({
    name: 'isOptionMap',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'object' &&
        value !== null &&
        !Array.isArray(value) &&
        Object.keys(value).length <= 10 &&
        Object.entries(value).every(
          ([k, v]) =>
            k.length >= 1 &&
            k.length <= 100 &&
            typeof v === 'string' &&
            v.length >= 1 &&
            v.length <= 100,
        ),
      defaultMessage: () =>
        'options must map up to 10 names to string values (1-100 characters each)',
    },
  });

export class CreateCategoryDto {
  @ApiProperty({ minLength: 1, maxLength: 100 })
  @Trim()
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiPropertyOptional({ pattern: SLUG.source, description: 'Derived from the name when absent' })
  @IsOptionalButNotNull()
  @IsString()
  @MaxLength(100)
  @Matches(SLUG, { message: 'slug must be lowercase words joined by -' })
  slug?: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  parentId?: string | null;

  @ApiPropertyOptional({ default: 0 })
  @IsOptionalButNotNull()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  position?: number;
}

export class UpdateCategoryDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 100 })
  @IsOptionalButNotNull()
  @Trim()
  @IsString()
  @Length(1, 100)
  name?: string;

  @ApiPropertyOptional({ pattern: SLUG.source })
  @IsOptionalButNotNull()
  @IsString()
  @MaxLength(100)
  @Matches(SLUG, { message: 'slug must be lowercase words joined by -' })
  slug?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    description: 'null moves it to the top level',
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  parentId?: string | null;

  @ApiPropertyOptional()
  @IsOptionalButNotNull()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  position?: number;
}

export class CreateVariantDto {
  @ApiProperty({ minLength: 1, maxLength: 64 })
  @Trim()
  @IsString()
  @Length(1, 64)
  sku: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptionalButNotNull()
  @IsString()
  @MaxLength(200)
  title?: string;

  @ApiProperty({ minimum: 0, description: 'Minor units' })
  @IsInt()
  @Min(0)
  @Max(MAX_MONEY)
  price: number;

  @ApiPropertyOptional({ minimum: 0, nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(0)
  @Max(MAX_MONEY)
  compareAtPrice?: number | null;

  @ApiProperty({ minimum: 0 })
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  stock: number;

  @ApiPropertyOptional({ minimum: 0, default: 5 })
  @IsOptionalButNotNull()
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  lowStockThreshold?: number;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { Size: 'M' },
  })
  @IsOptionalButNotNull()
  @IsOptionMap()
  options?: Record<string, string>;
}

export class UpdateVariantDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 64 })
  @IsOptionalButNotNull()
  @Trim()
  @IsString()
  @Length(1, 64)
  sku?: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptionalButNotNull()
  @IsString()
  @MaxLength(200)
  title?: string;

  @ApiPropertyOptional({ minimum: 0 })
  @IsOptionalButNotNull()
  @IsInt()
  @Min(0)
  @Max(MAX_MONEY)
  price?: number;

  @ApiPropertyOptional({ minimum: 0, nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(0)
  @Max(MAX_MONEY)
  compareAtPrice?: number | null;

  @ApiPropertyOptional({ minimum: 0 })
  @IsOptionalButNotNull()
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  stock?: number;

  @ApiPropertyOptional({ minimum: 0 })
  @IsOptionalButNotNull()
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  lowStockThreshold?: number;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } })
  @IsOptionalButNotNull()
  @IsOptionMap()
  options?: Record<string, string>;
}

export class CreateProductDto {
  @ApiProperty({ minLength: 1, maxLength: 200 })
  @Trim()
  @IsString()
  @Length(1, 200)
  title: string;

  @ApiPropertyOptional({
    pattern: SLUG.source,
    description: 'Derived from the title when absent (-2, -3 on collision)',
  })
  @IsOptionalButNotNull()
  @IsString()
  @MaxLength(100)
  @Matches(SLUG, { message: 'slug must be lowercase words joined by -' })
  slug?: string;

  @ApiPropertyOptional({ maxLength: 20000 })
  @IsOptionalButNotNull()
  @IsString()
  @MaxLength(20000)
  description?: string;

  @ApiProperty({ enum: PRODUCT_STATUSES })
  @IsIn(PRODUCT_STATUSES)
  status: ProductStatus;

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptionalButNotNull()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  categoryIds?: string[];

  @ApiPropertyOptional({ type: [CreateVariantDto] })
  @NestedObjects(() => CreateVariantDto, { optional: true })
  @ArrayMaxSize(100)
  variants?: CreateVariantDto[];
}

export class UpdateProductDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200 })
  @IsOptionalButNotNull()
  @Trim()
  @IsString()
  @Length(1, 200)
  title?: string;

  @ApiPropertyOptional({ pattern: SLUG.source })
  @IsOptionalButNotNull()
  @IsString()
  @MaxLength(100)
  @Matches(SLUG, { message: 'slug must be lowercase words joined by -' })
  slug?: string;

  @ApiPropertyOptional({ maxLength: 20000 })
  @IsOptionalButNotNull()
  @IsString()
  @MaxLength(20000)
  description?: string;

  @ApiPropertyOptional({ enum: PRODUCT_STATUSES })
  @IsOptionalButNotNull()
  @IsIn(PRODUCT_STATUSES)
  status?: ProductStatus;

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptionalButNotNull()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  categoryIds?: string[];
}

export class ProductListQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Title or SKU' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  q?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  categoryId?: string;

  @ApiPropertyOptional({ enum: PRODUCT_STATUSES })
  @IsOptional()
  @IsIn(PRODUCT_STATUSES)
  status?: ProductStatus;

  @ApiPropertyOptional({ enum: ORDERINGS, default: '-created' })
  @IsOptional()
  @IsIn(ORDERINGS)
  ordering?: Ordering;
}

export class StorefrontQuery extends PageQuery {
  @ApiPropertyOptional({
    description: 'Full text over title and description: words, prefixes, typos',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  q?: string;

  @ApiPropertyOptional({ description: 'Category slug; includes its descendants' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  category?: string;

  @ApiPropertyOptional({ minimum: 0, description: 'Minor units, inclusive' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(2147483647)
  price_min?: number;

  @ApiPropertyOptional({ minimum: 0, description: 'Minor units, inclusive' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(2147483647)
  price_max?: number;

  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @IsOptional()
  @QueryBoolean()
  @IsIn([true, false], { message: 'in_stock must be true or false' })
  in_stock?: boolean;

  @ApiPropertyOptional({ enum: STOREFRONT_ORDERINGS, default: '-created' })
  @IsOptional()
  @IsIn(STOREFRONT_ORDERINGS)
  ordering?: StorefrontOrdering;
}

export class ImageUploadForm {
  @ApiProperty({
    type: 'string',
    format: 'binary',
    description: 'JPEG, PNG, WebP or GIF, at most 5 MiB',
  })
  file: unknown;
  @ApiPropertyOptional({ maxLength: 500 }) alt?: string;
}
