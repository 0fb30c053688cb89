import { defineEvent } from '@silkcart/shared';

/** A product, one of its variants or images changed; `deleted` is the archive (soft delete). */
export interface ProductChangedData {
  productId: string;
  change: 'created' | 'updated' | 'deleted';
}

/** A variant's stock fell to or below its low-stock threshold (published once per crossing). */
export interface StockLowData {
  variantId: string;
  productId: string;
  sku: string;
  stock: number;
  lowStockThreshold: number;
}

export const ProductChanged = defineEvent<ProductChangedData>('catalog.product_changed');
export const StockLow = defineEvent<StockLowData>('catalog.stock_low');
