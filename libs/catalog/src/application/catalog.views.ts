import { ApiProperty } from '@nestjs/swagger';
import { PageMeta } from '@silkcart/shared';
import { PRODUCT_STATUSES, type ProductStatus } from '../domain/product';

/**
 * The shapes the catalog answers, declared once: repositories, use cases and the OpenAPI
 * document all use these classes.
 */

export class CategoryView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() slug: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: 'string' }) parentId: string | null;
  @ApiProperty() position: number;
}

export class CategoryPage extends PageMeta {
  @ApiProperty({ type: [CategoryView] }) items: CategoryView[];
}

export class ImageView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uri' }) url: string;
  @ApiProperty() alt: string;
  @ApiProperty() position: number;
}

export class VariantView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() sku: string;
  @ApiProperty() title: string;
  @ApiProperty() price: number;
  @ApiProperty({ nullable: true, type: 'integer' }) compareAtPrice: number | null;
  @ApiProperty() stock: number;
  @ApiProperty() lowStockThreshold: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) options: Record<
    string,
    string
  >;
}

export class ProductView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() slug: string;
  @ApiProperty() title: string;
  @ApiProperty() description: string;
  @ApiProperty({ enum: PRODUCT_STATUSES }) status: ProductStatus;
  @ApiProperty({ type: [String], format: 'uuid' }) categoryIds: string[];
  @ApiProperty({ type: [ImageView] }) images: ImageView[];
  @ApiProperty({ type: [VariantView] }) variants: VariantView[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class ProductPage extends PageMeta {
  @ApiProperty({ type: [ProductView] }) items: ProductView[];
}

class StorefrontVariant {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() sku: string;
  @ApiProperty() title: string;
  @ApiProperty() price: number;
  @ApiProperty() inStock: boolean;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) options: Record<
    string,
    string
  >;
}

export class StorefrontProductView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() slug: string;
  @ApiProperty() title: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: [ImageView] }) images: ImageView[];
  @ApiProperty({ nullable: true, type: 'integer' }) priceMin: number | null;
  @ApiProperty({ nullable: true, type: 'integer' }) priceMax: number | null;
  @ApiProperty() currency: string;
  @ApiProperty() inStock: boolean;
  @ApiProperty({ type: [String] }) categories: string[];
  @ApiProperty({ type: [StorefrontVariant] }) variants: StorefrontVariant[];
}

export class StorefrontProductPage extends PageMeta {
  @ApiProperty({ type: [StorefrontProductView] }) items: StorefrontProductView[];
}

export class CategoryNode {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() slug: string;
  @ApiProperty({ type: () => [CategoryNode] }) children: CategoryNode[];
}

export class CategoryTree {
  @ApiProperty({ type: [CategoryNode] }) items: CategoryNode[];
}

export class WishlistItemView {
  @ApiProperty({ format: 'uuid' }) productId: string;
  @ApiProperty() slug: string;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: 'integer' }) priceMin: number | null;
  @ApiProperty() inStock: boolean;
  @ApiProperty({ format: 'date-time' }) addedAt: string;
}

export class WishlistView {
  @ApiProperty({ type: [WishlistItemView] }) items: WishlistItemView[];
}
