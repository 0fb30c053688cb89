/** What can be exported, how, and how often: the contract's words. */
export const EXPORT_TYPES = ['orders', 'order-items', 'products', 'customers'] as const;
export type ExportType = (typeof EXPORT_TYPES)[number];

export const EXPORT_FORMATS = ['csv', 'google-sheets'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;
export type ExportStatus = (typeof EXPORT_STATUSES)[number];

export const SCHEDULE_INTERVALS = ['hour', 'day', 'week'] as const;
export type ScheduleInterval = (typeof SCHEDULE_INTERVALS)[number];

export interface SheetsDestination {
  spreadsheetId: string;
  sheetName: string;
}

/** The columns of each type, in the contract's order: the header row and each row's cells. */
export const EXPORT_COLUMNS: Record<ExportType, readonly string[]> = {
  orders: [
    'number',
    'id',
    'status',
    'email',
    'currency',
    'subtotal',
    'discountTotal',
    'shippingTotal',
    'taxTotal',
    'total',
    'amountRefunded',
    'promotionCode',
    'shippingCountry',
    'createdAt',
    'paidAt',
    'fulfilledAt',
    'cancelledAt',
  ],
  'order-items': ['orderNumber', 'orderId', 'sku', 'title', 'quantity', 'unitPrice', 'lineTotal'],
  products: [
    'id',
    'slug',
    'title',
    'status',
    'sku',
    'variantTitle',
    'price',
    'compareAtPrice',
    'stock',
  ],
  customers: ['id', 'email', 'name', 'ordersCount', 'createdAt'],
};

/** The money columns of each type: written as decimal strings in major units. */
export const MONEY_COLUMNS: Record<ExportType, ReadonlySet<string>> = {
  orders: new Set([
    'subtotal',
    'discountTotal',
    'shippingTotal',
    'taxTotal',
    'total',
    'amountRefunded',
  ]),
  'order-items': new Set(['unitPrice', 'lineTotal']),
  products: new Set(['price', 'compareAtPrice']),
  customers: new Set(),
};

const digitsCache = new Map<string, number>();

/** The currency's minor-unit digits as Intl knows them (USD 2, JPY 0, BHD 3). */
export function currencyDigits(currency: string): number {
  let digits = digitsCache.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits as number;
    digitsCache.set(currency, digits);
  }
  return digits;
}

/** Minor units as a decimal string in major units: 1999 USD → "19.99", 500 JPY → "500". */
export function majorUnits(minor: number, currency: string): string {
  const digits = currencyDigits(currency);
  const sign = minor < 0 ? '-' : '';
  const text = String(Math.abs(Math.trunc(minor))).padStart(digits + 1, '0');
  if (digits === 0) return `${sign}${text}`;
  return `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/**
 * A row's cells in the columns' order: money in major units of `currency`, null as an empty
 * cell, everything else as text.
 */
export function exportCells(type: ExportType, row: object, currency: string): string[] {
  const money = MONEY_COLUMNS[type];
  return EXPORT_COLUMNS[type].map((column) => {
    const value = (row as Record<string, unknown>)[column];
    if (value === null || value === undefined) return '';
    if (money.has(column)) return majorUnits(Number(value), currency);
    return String(value);
  });
}

export const INTERVAL_MS: Record<ScheduleInterval, number> = {
  hour: 3_600_000,
  day: 86_400_000,
  week: 7 * 86_400_000,
};

/** A scheduled run that failed is tried again this soon (unless its next run comes sooner). */
export const FAILED_RUN_RETRY_MS = 5 * 60_000;

/** An A1 range on the sheet: its name quoted (quotes doubled) so any name is taken as is. */
export function sheetRange(sheetName: string, cells: string): string {
  return `'${sheetName.replace(/'/g, "''")}'!${cells}`;
}
