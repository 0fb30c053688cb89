export { CatalogModule } from './catalog.module';
export { StorefrontFastPath } from './api/storefront-fast-path';
export { CatalogFacade, LOW_STOCK_EVENT } from './application/catalog.facade';
export type { PurchasableVariant, StockLine } from './application/catalog.facade';
