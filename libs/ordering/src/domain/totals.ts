import { discountFor, type Promotion } from './promotion';

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

/** What totals need of a promotion; callers check `whyNotApplicable` before passing one. */
export type AppliedPromotion = Pick<Promotion, 'type' | 'value'>;

/**
 * Totals in minor units, computed only from the store's prices and settings: shipping is the
 * country's rate or the flat rate, free from `freeOver` (on the discounted subtotal) or with a
 * free_shipping promotion; a promotion's discount comes off the subtotal as the store shows
 * prices; tax applies to the discounted goods and shipping at the address's rate, added on top
 * or, with `pricesIncludeTax`, contained in the prices, rounded half up once for the order.
 */
export function computeTotals(
  lines: PricedLine[],
  settings: PricingSettings,
  address: { country: string; region?: string },
  promotion?: AppliedPromotion | null,
): Totals {
  const subtotal = lines.reduce((sum, l) => sum + l.unitPrice * l.quantity, 0);
  const discountTotal = promotion ? discountFor(promotion, subtotal) : 0;
  // the sum of the line amounts less their spreadDiscount shares; one rate covers every line
  const goods = subtotal - discountTotal;
  const free =
    promotion?.type === 'free_shipping' ||
    (settings.shipping.freeOver !== null && goods >= settings.shipping.freeOver);
  const shippingTotal = free
    ? 0
    : (settings.shipping.rates[address.country] ?? settings.shipping.flatRate);
  const taxable = goods + shippingTotal;
  const rate = taxRateFor(settings, address.country, address.region);
  if (settings.tax.pricesIncludeTax) {
    const taxTotal = taxOf(taxable, rate, true);
    return { subtotal, discountTotal, shippingTotal, taxTotal, total: taxable };
  }
  const taxTotal = taxOf(taxable, rate, false);
  return { subtotal, discountTotal, shippingTotal, taxTotal, total: taxable + taxTotal };
}

/**
 * A discount spread over line amounts in proportion, each share rounded down and the remainder
 * on the last line. Should the floors leave the last line more than it holds (a small last
 * line), the excess moves back to the lines before it, so no line goes below 0.
 */
export function spreadDiscount(amounts: number[], discount: number): number[] {
  const subtotal = amounts.reduce((sum, a) => sum + a, 0);
  if (!Number.isInteger(discount) || discount < 0 || discount > subtotal) {
    throw new RangeError(`A discount of ${discount} cannot come off ${subtotal}`);
  }
  if (discount === 0) return amounts.map(() => 0);
  // integer division: a × discount stays exact, a float quotient could round up past the floor
  const shares = amounts.map((a) => (a * discount - ((a * discount) % subtotal)) / subtotal);
  const last = amounts.length - 1;
  shares[last] = discount - shares.slice(0, last).reduce((sum, s) => sum + s, 0);
  for (let i = last; i > 0 && shares[i] > amounts[i]; i--) {
    shares[i - 1] += shares[i] - amounts[i];
    shares[i] = amounts[i];
  }
  return shares;
}

/** Rates are kept to 9 decimals, exactly, so tax rounds half up without float error. */
const RATE_SCALE = 1_000_000_000n;

/** The tax on `taxable` minor units at `rate`: added on top, or contained in it. */
function taxOf(taxable: number, rate: number, included: boolean): number {
  const parts = BigInt(Math.round(rate * Number(RATE_SCALE)));
  const numerator = BigInt(taxable) * parts;
  return halfUp(numerator, included ? RATE_SCALE + parts : RATE_SCALE);
}

/** numerator / denominator, both >= 0, rounded half up. */
function halfUp(numerator: bigint, denominator: bigint): number {
  return Number((2n * numerator + denominator) / (2n * denominator));
}
