export { CatalogModule } from './catalog.module';
export { StorefrontFastPath } from './api/storefront-fast-path';
export { CatalogFacade } from './application/catalog.facade';
export type { PurchasableVariant, StockLine } from './application/catalog.facade';
export type { VariantExportRow } from './infrastructure/product-export.repository';
export { ProductChanged, StockLow } from './domain/catalog-events';
export type { ProductChangedData, StockLowData } from './domain/catalog-events';
