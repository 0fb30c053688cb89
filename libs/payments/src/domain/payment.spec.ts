import { fromDecimal, platformFee, refundable, refundOutcome, toDecimal } from './payment';

describe('payment rules', () => {
  it('leaves to refund what neither a succeeded nor a pending refund took', () => {
    expect(
      refundable(1000, [
        { amount: 300, status: 'succeeded' },
        { amount: 200, status: 'pending' },
        { amount: 400, status: 'failed' },
      ]),
    ).toBe(500);
    expect(refundable(1000, [{ amount: 1000, status: 'succeeded' }])).toBe(0);
  });

  it('calls an order refunded only when all of it came back', () => {
    expect(refundOutcome(1999, 1000)).toBe('partially_refunded');
    expect(refundOutcome(1999, 1999)).toBe('refunded');
  });

  it('rounds the platform fee half up, and takes none without a percent', () => {
    expect(platformFee(1999, 2.5)).toBe(50); // 49.975
    expect(platformFee(1000, 10)).toBe(100);
    expect(platformFee(1000, null)).toBeNull();
    expect(platformFee(1000, 0)).toBeNull();
  });

  it('writes minor units as the currency’s decimal string and reads them back', () => {
    expect(toDecimal(1999, 'USD')).toBe('19.99');
    expect(toDecimal(5, 'EUR')).toBe('0.05');
    expect(toDecimal(500, 'JPY')).toBe('500');
    expect(toDecimal(1234, 'KWD')).toBe('1.234');
    expect(fromDecimal('19.99', 'USD')).toBe(1999);
    expect(fromDecimal('0.05', 'EUR')).toBe(5);
    expect(fromDecimal('500', 'JPY')).toBe(500);
    expect(fromDecimal('10', 'USD')).toBe(1000);
  });
});
