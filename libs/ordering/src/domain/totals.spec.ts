import { computeTotals, PricingSettings, spreadDiscount, taxRateFor } from './totals';

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

describe('order totals with a promotion', () => {
  const fr = (pricesIncludeTax: boolean) =>
    settings({ tax: { pricesIncludeTax, rates: [{ country: 'FR', rate: 0.2 }] } });
  const pct15 = { type: 'percentage' as const, value: 15 };

  it('takes a percentage off the subtotal, then adds tax on the rest', () => {
    // subtotal 2 × 1999 + 500 = 4498; 15% = 674.7 → 675 off; goods 4498 − 675 = 3823
    // taxable 3823 + 500 shipping = 4323; tax 20% = 864.6 → 865; total 4323 + 865 = 5188
    expect(computeTotals(lines, fr(false), { country: 'FR' }, pct15)).toEqual({
      subtotal: 4498,
      discountTotal: 675,
      shippingTotal: 500,
      taxTotal: 865,
      total: 5188,
    });
  });

  it('takes it off gross prices where prices include tax', () => {
    // subtotal 4498 (gross); 15% = 674.7 → 675 off; 3823 + 500 shipping = 4323 gross = total
    // tax contained: 4323 × 0.2 / 1.2 = 720.5 → 721 (half up)
    expect(computeTotals(lines, fr(true), { country: 'FR' }, pct15)).toEqual({
      subtotal: 4498,
      discountTotal: 675,
      shippingTotal: 500,
      taxTotal: 721,
      total: 4323,
    });
  });

  it('takes a fixed amount at most the subtotal, still charging shipping and its tax', () => {
    // 10000 off 4498 → 4498 off, goods 0; taxable is the 500 shipping: tax 100, total 600
    expect(
      computeTotals(lines, fr(false), { country: 'FR' }, { type: 'fixed', value: 10000 }),
    ).toEqual({
      subtotal: 4498,
      discountTotal: 4498,
      shippingTotal: 500,
      taxTotal: 100,
      total: 600,
    });
  });

  it('ships free with a free-shipping code and takes nothing off', () => {
    // goods 4498, shipping 0: tax 20% = 899.6 → 900, total 5398
    expect(
      computeTotals(lines, fr(false), { country: 'FR' }, { type: 'free_shipping', value: null }),
    ).toEqual({ subtotal: 4498, discountTotal: 0, shippingTotal: 0, taxTotal: 900, total: 5398 });
    // prices including tax: total 4498, tax 4498 × 0.2 / 1.2 = 749.67 → 750
    expect(
      computeTotals(lines, fr(true), { country: 'FR' }, { type: 'free_shipping', value: null }),
    ).toEqual({ subtotal: 4498, discountTotal: 0, shippingTotal: 0, taxTotal: 750, total: 4498 });
  });

  it('measures the free-shipping threshold after the discount', () => {
    // freeOver 4000: 4498 ships free, but 4498 − 675 = 3823 does not
    const s = settings({ shipping: { freeOver: 4000 } });
    expect(computeTotals(lines, s, { country: 'US' }).shippingTotal).toBe(0);
    expect(computeTotals(lines, s, { country: 'US' }, pct15).shippingTotal).toBe(500);
  });

  it('is the plain computation without a promotion', () => {
    expect(computeTotals(lines, fr(false), { country: 'FR' }, null)).toEqual(
      computeTotals(lines, fr(false), { country: 'FR' }),
    );
  });

  it('rounds tax half up, exactly, whatever the rate', () => {
    // 200 × 7.25% = 14.5 → 15 (floating point makes it 14.4999…, which Math.round takes to 14)
    const s = settings({
      shipping: { flatRate: 0 },
      tax: { rates: [{ country: 'US', region: 'CA', rate: 0.0725 }] },
    });
    expect(
      computeTotals([{ unitPrice: 200, quantity: 1 }], s, { country: 'US', region: 'CA' }).taxTotal,
    ).toBe(15);
  });
});

describe('spreading a discount over lines', () => {
  it('shares it in proportion, rounding down, the remainder on the last line', () => {
    // lines 3998 and 500 (subtotal 4498), 675 off:
    // 3998 × 675 / 4498 = 599.97 → 599; the last line takes 675 − 599 = 76 (75.03 in proportion)
    expect(spreadDiscount([3998, 500], 675)).toEqual([599, 76]);
    // three equal lines of 1000, 100 off: 33 and 33, the last 34
    expect(spreadDiscount([1000, 1000, 1000], 100)).toEqual([33, 33, 34]);
  });

  it('takes every line to 0 when the discount is the whole subtotal', () => {
    expect(spreadDiscount([3998, 500], 4498)).toEqual([3998, 500]);
  });

  it('moves back what the last line cannot hold, so no line goes below 0', () => {
    // lines 101, 101, 1 (subtotal 203), 200 off: 101 × 200 / 203 = 99.51 → 99 twice, which
    // leaves 2 for a line of 1; it keeps 1 and the second line takes the other: 99, 100, 1
    expect(spreadDiscount([101, 101, 1], 200)).toEqual([99, 100, 1]);
  });

  it('spreads nothing when there is nothing off', () => {
    expect(spreadDiscount([3998, 500], 0)).toEqual([0, 0]);
  });

  it('refuses a discount over the subtotal', () => {
    expect(() => spreadDiscount([3998, 500], 4499)).toThrow(RangeError);
    expect(() => spreadDiscount([3998, 500], -1)).toThrow(RangeError);
  });
});
