import { Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@silkcart/shared';
import { TenancyModule } from '@silkcart/tenancy';
import { CategoriesController } from './api/categories.controller';
import { ProductsController } from './api/products.controller';
import { ProductCopyController } from './api/product-copy.controller';
import { StorefrontController } from './api/storefront.controller';
import { StorefrontFastPath } from './api/storefront-fast-path';
import { AddVariant } from './application/add-variant.use-case';
import { ArchiveProduct } from './application/archive-product.use-case';
import { BrowseProducts } from './application/browse-products.use-case';
import { CachedReads } from './application/cached-reads';
import { CatalogFacade } from './application/catalog.facade';
import { ProductChanges } from './application/product-changes';
import { CreateCategory } from './application/create-category.use-case';
import { CreateProduct } from './application/create-product.use-case';
import { DeleteCategory } from './application/delete-category.use-case';
import { DeleteImage } from './application/delete-image.use-case';
import { DeleteVariant } from './application/delete-variant.use-case';
import { GetProduct } from './application/get-product.use-case';
import { GenerateProductCopy } from './application/generate-product-copy.use-case';
import { OpenAiCopywriter } from './infrastructure/openai-copywriter';
import { ListCategories } from './application/list-categories.use-case';
import { ListProducts } from './application/list-products.use-case';
import { ProductWrites } from './application/product-writes';
import { StockRepository } from './infrastructure/stock.repository';
import { UpdateCategory } from './application/update-category.use-case';
import { UpdateProduct } from './application/update-product.use-case';
import { UpdateVariant } from './application/update-variant.use-case';
import { UploadImage } from './application/upload-image.use-case';
import { ViewCategoryTree } from './application/view-category-tree.use-case';
import { ViewProduct } from './application/view-product.use-case';
import { CatalogVersions } from './infrastructure/catalog-versions';
import { CategoryRepository } from './infrastructure/category.repository';
import { ImageStorage, LocalImageStorage, S3ImageStorage } from './infrastructure/image-storage';
import { ProductRepository } from './infrastructure/product.repository';
import { StorefrontCache } from './infrastructure/storefront-cache';
import { StorefrontQueries } from './infrastructure/storefront.queries';
import { WishlistController } from './api/wishlist.controller';
import { Wishlist } from './application/wishlist.use-cases';
import { WishlistRepository } from './infrastructure/wishlist.repository';
import { StorefrontReadModel } from './infrastructure/storefront-read-model';
import { ProductExportRepository } from './infrastructure/product-export.repository';

/** Categories, products, variants, images, and the storefront's cached reads. */
@Module({
  imports: [TenancyModule],
  controllers: [
    CategoriesController,
    ProductsController,
    ProductCopyController,
    StorefrontController,
    WishlistController,
  ],
  providers: [
    CategoryRepository,
    ProductRepository,
    StorefrontQueries,
    StorefrontReadModel,
    WishlistRepository,
    Wishlist,
    CatalogVersions,
    StorefrontCache,
    {
      provide: ImageStorage,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        config.storage.driver === 's3' ? new S3ImageStorage(config) : new LocalImageStorage(config),
    },
    CachedReads,
    ProductWrites,
    ListCategories,
    CreateCategory,
    UpdateCategory,
    DeleteCategory,
    ListProducts,
    CreateProduct,
    GetProduct,
    UpdateProduct,
    ArchiveProduct,
    AddVariant,
    UpdateVariant,
    DeleteVariant,
    UploadImage,
    DeleteImage,
    BrowseProducts,
    ViewProduct,
    ViewCategoryTree,
    StorefrontFastPath,
    CatalogFacade,
    ProductExportRepository,
    ProductChanges,
    StockRepository,
    OpenAiCopywriter,
    GenerateProductCopy,
  ],
  exports: [StorefrontFastPath, CatalogFacade],
})
export class CatalogModule {}
