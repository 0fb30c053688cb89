export const PROVIDERS = ['stripe', 'paypal'] as const;
export type Provider = (typeof PROVIDERS)[number];
export type PaymentStatus = 'pending' | 'succeeded' | 'failed';
export type RefundStatus = 'pending' | 'succeeded' | 'failed';
export type RefundReason = 'requested' | 'order_cancelled' | 'late_payment' | 'external';

/** What a refund may still take: the amount less what is refunded or being refunded. */
export function refundable(
  amount: number,
  refunds: Array<{ amount: number; status: RefundStatus }>,
) {
  const taken = refunds.filter((r) => r.status !== 'failed').reduce((sum, r) => sum + r.amount, 0);
  return Math.max(0, amount - taken);
}

/** The order's status once `refunded` of `paid` has come back: all of it, or part. */
export function refundOutcome(paid: number, refunded: number): 'refunded' | 'partially_refunded' {
  return refunded >= paid ? 'refunded' : 'partially_refunded';
}

/** The platform's fee in minor units: round(total × percent / 100), half up; null without a fee. */
export function platformFee(total: number, percent: number | null): number | null {
  if (percent === null || percent <= 0) return null;
  return Math.round((total * percent) / 100);
}

/** Minor-unit digits of an ISO-4217 currency (JPY 0, USD 2, KWD 3). */
export function currencyDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
    .maximumFractionDigits as number;
}

/** Minor units as the decimal string PayPal expects (`1999` USD → `19.99`, `500` JPY → `500`). */
export function toDecimal(minor: number, currency: string): string {
  const digits = currencyDigits(currency);
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor)
    .toString()
    .padStart(digits + 1, '0');
  return digits === 0 ? sign + abs : `${sign}${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
}

/** A decimal string in the currency's major units back to minor units. */
export function fromDecimal(value: string, currency: string): number {
  const digits = currencyDigits(currency);
  const [whole, fraction = ''] = value.split('.');
  return Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0').slice(0, digits) || 0);
}
