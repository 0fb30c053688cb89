/** The store settings totals depend on (tenancy's StoreSettings, narrowed). */
export interface PricingSettings {
  shipping: { flatRate: number; freeOver: number | null; rates: Record<string, number> };
  tax: {
    pricesIncludeTax: boolean;
    rates: Array<{ country: string; region?: string; rate: number }>;
  };
}

export interface PricedLine {
  unitPrice: number;
  quantity: number;
}

export interface Totals {
  subtotal: number;
  discountTotal: number;
  shippingTotal: number;
  taxTotal: number;
  total: number;
}

/** The rate for a region of a country, else for the country, else none. */
export function taxRateFor(settings: PricingSettings, country: string, region?: string): number {
  const rates = settings.tax.rates.filter((r) => r.country === country);
  const regional = region
    ? rates.find((r) => r.region?.toLowerCase() === region.toLowerCase())
    : undefined;
  return (regional ?? rates.find((r) => !r.region))?.rate ?? 0;
}

/**
 * Totals in minor units, computed only from the store's prices and settings: shipping is the
 * country's rate or the flat rate, free from `freeOver`; tax applies to goods and shipping at
 * the address's rate, added on top or, with `pricesIncludeTax`, contained in the prices.
 */
export function computeTotals(
  lines: PricedLine[],
  settings: PricingSettings,
  address: { country: string; region?: string },
): Totals {
  const subtotal = lines.reduce((sum, l) => sum + l.unitPrice * l.quantity, 0);
  const discountTotal = 0;
  const free =
    settings.shipping.freeOver !== null && subtotal - discountTotal >= settings.shipping.freeOver;
  const shippingTotal = free
    ? 0
    : (settings.shipping.rates[address.country] ?? settings.shipping.flatRate);
  const taxable = subtotal - discountTotal + shippingTotal;
  const rate = taxRateFor(settings, address.country, address.region);
  if (settings.tax.pricesIncludeTax) {
    const taxTotal = Math.round(taxable - taxable / (1 + rate));
    return { subtotal, discountTotal, shippingTotal, taxTotal, total: taxable };
  }
  const taxTotal = Math.round(taxable * rate);
  return { subtotal, discountTotal, shippingTotal, taxTotal, total: taxable + taxTotal };
}
