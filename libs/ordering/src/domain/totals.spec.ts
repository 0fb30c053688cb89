import { computeTotals, PricingSettings, taxRateFor } from './totals';

const settings = (
  over: Partial<{
    shipping: Partial<PricingSettings['shipping']>;
    tax: Partial<PricingSettings['tax']>;
  }> = {},
): PricingSettings => ({
  shipping: { flatRate: 500, freeOver: null, rates: {}, ...over.shipping },
  tax: { pricesIncludeTax: false, rates: [], ...over.tax },
});
const lines = [
  { unitPrice: 1999, quantity: 2 },
  { unitPrice: 500, quantity: 1 },
];

describe('order totals', () => {
  it('adds the flat shipping rate and no tax by default', () => {
    expect(computeTotals(lines, settings(), { country: 'US' })).toEqual({
      subtotal: 4498,
      discountTotal: 0,
      shippingTotal: 500,
      taxTotal: 0,
      total: 4998,
    });
  });

  it("uses the country's shipping rate over the flat rate", () => {
    expect(
      computeTotals(lines, settings({ shipping: { rates: { FR: 900 } } }), { country: 'FR' })
        .shippingTotal,
    ).toBe(900);
  });

  it('ships free from the threshold on', () => {
    expect(
      computeTotals(lines, settings({ shipping: { freeOver: 4498 } }), { country: 'US' })
        .shippingTotal,
    ).toBe(0);
    expect(
      computeTotals(lines, settings({ shipping: { freeOver: 4499 } }), { country: 'US' })
        .shippingTotal,
    ).toBe(500);
  });

  it('adds tax on goods and shipping, rounded to the minor unit', () => {
    const t = computeTotals(lines, settings({ tax: { rates: [{ country: 'FR', rate: 0.2 }] } }), {
      country: 'FR',
    });
    expect(t).toMatchObject({ subtotal: 4498, shippingTotal: 500, taxTotal: 1000, total: 5998 });
  });

  it('takes the tax out of prices that include it', () => {
    const t = computeTotals(
      lines,
      settings({ tax: { pricesIncludeTax: true, rates: [{ country: 'FR', rate: 0.2 }] } }),
      { country: 'FR' },
    );
    expect(t).toMatchObject({ subtotal: 4498, shippingTotal: 500, taxTotal: 833, total: 4998 });
  });

  it('prefers a regional rate, then the country rate', () => {
    const s = settings({
      tax: {
        rates: [
          { country: 'US', rate: 0.05 },
          { country: 'US', region: 'CA', rate: 0.0725 },
        ],
      },
    });
    expect(taxRateFor(s, 'US', 'ca')).toBe(0.0725);
    expect(taxRateFor(s, 'US', 'NY')).toBe(0.05);
    expect(taxRateFor(s, 'DE')).toBe(0);
  });
});
