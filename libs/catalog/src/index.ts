export { CatalogModule } from './catalog.module';
export { StorefrontFastPath } from './api/storefront-fast-path';
