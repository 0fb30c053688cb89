import { InvalidInput } from '@silkcart/shared';
import {
  changePromotion,
  createPromotion,
  discountFor,
  normalizeCode,
  Promotion,
  PROMOTION_REFUSALS,
  promotionErrors,
  PromotionTerms,
  whyNotApplicable,
} from './promotion';

const now = new Date('2025-06-15T12:00:00Z');
const promotion = (over: Partial<Promotion> = {}): Promotion => ({
  id: 'p1',
  code: 'SUMMER15',
  type: 'percentage',
  value: 15,
  minSubtotal: null,
  startsAt: null,
  endsAt: null,
  usageLimit: null,
  oncePerEmail: false,
  enabled: true,
  timesUsed: 0,
  createdAt: now,
  ...over,
});
const fieldsOf = (terms: PromotionTerms) => promotionErrors(terms).map((e) => e.field);

describe('promotion codes', () => {
  it('stores codes upper-case', () => {
    expect(normalizeCode('summer-15_x')).toBe('SUMMER-15_X');
  });

  it('accepts 3 to 32 letters, digits, "_" and "-" only', () => {
    expect(normalizeCode('abc')).toBe('ABC');
    expect(normalizeCode('A'.repeat(32))).toBe('A'.repeat(32));
    expect(normalizeCode('ab')).toBeNull();
    expect(normalizeCode('A'.repeat(33))).toBeNull();
    expect(normalizeCode('SAVE 10')).toBeNull();
    expect(normalizeCode(' SAVE10')).toBeNull();
    expect(normalizeCode('ÉTÉ10')).toBeNull();
  });
});

describe('promotion terms', () => {
  it('takes a percentage from 1 to 100, whole', () => {
    expect(fieldsOf({ code: 'PCT', type: 'percentage', value: 0 })).toEqual(['value']);
    expect(fieldsOf({ code: 'PCT', type: 'percentage', value: 1 })).toEqual([]);
    expect(fieldsOf({ code: 'PCT', type: 'percentage', value: 100 })).toEqual([]);
    expect(fieldsOf({ code: 'PCT', type: 'percentage', value: 101 })).toEqual(['value']);
    expect(fieldsOf({ code: 'PCT', type: 'percentage', value: 12.5 })).toEqual(['value']);
    expect(fieldsOf({ code: 'PCT', type: 'percentage' })).toEqual(['value']);
  });

  it('takes a fixed amount in minor units above 0', () => {
    expect(fieldsOf({ code: 'FIX', type: 'fixed', value: 1 })).toEqual([]);
    expect(fieldsOf({ code: 'FIX', type: 'fixed', value: 0 })).toEqual(['value']);
    expect(fieldsOf({ code: 'FIX', type: 'fixed', value: 9.99 })).toEqual(['value']);
    expect(fieldsOf({ code: 'FIX', type: 'fixed', value: null })).toEqual(['value']);
  });

  it('refuses a value for free shipping', () => {
    expect(fieldsOf({ code: 'SHIP', type: 'free_shipping' })).toEqual([]);
    expect(fieldsOf({ code: 'SHIP', type: 'free_shipping', value: null })).toEqual([]);
    expect(fieldsOf({ code: 'SHIP', type: 'free_shipping', value: 10 })).toEqual(['value']);
  });

  it('checks the minimum, the usage limit and the window', () => {
    expect(
      fieldsOf({
        code: 'WIN',
        type: 'free_shipping',
        minSubtotal: -1,
        usageLimit: 0,
        startsAt: now,
        endsAt: now,
      }),
    ).toEqual(['minSubtotal', 'usageLimit', 'endsAt']);
  });

  it('creates an enabled promotion, code upper-case, nothing used yet', () => {
    expect(createPromotion('p9', { code: 'ship-free', type: 'free_shipping' }, now)).toEqual({
      id: 'p9',
      code: 'SHIP-FREE',
      type: 'free_shipping',
      value: null,
      minSubtotal: null,
      startsAt: null,
      endsAt: null,
      usageLimit: null,
      oncePerEmail: false,
      enabled: true,
      timesUsed: 0,
      createdAt: now,
    });
  });

  it('refuses to create from invalid terms, naming each field', () => {
    const attempt = () => createPromotion('p9', { code: 'x', type: 'fixed', value: 0 }, now);
    expect(attempt).toThrow(InvalidInput);
    expect(attempt).toThrow(
      expect.objectContaining({
        errors: [
          expect.objectContaining({ field: 'code' }),
          expect.objectContaining({ field: 'value' }),
        ],
      }),
    );
  });

  it('validates a change against the whole promotion', () => {
    expect(changePromotion(promotion(), { value: 20, code: 'summer20' })).toMatchObject({
      code: 'SUMMER20',
      value: 20,
    });
    expect(() => changePromotion(promotion(), { type: 'free_shipping' })).toThrow(InvalidInput);
    expect(changePromotion(promotion(), { type: 'free_shipping', value: null })).toMatchObject({
      type: 'free_shipping',
      value: null,
    });
    expect(changePromotion(promotion(), { value: undefined, enabled: false })).toMatchObject({
      value: 15,
      enabled: false,
    });
  });
});

describe('whether a promotion applies', () => {
  const at = { subtotal: 5000, now };

  it('applies when enabled, in its window, not used up and over its minimum', () => {
    const p = promotion({
      startsAt: new Date('2025-06-01T00:00:00Z'),
      endsAt: new Date('2025-07-01T00:00:00Z'),
      usageLimit: 10,
      timesUsed: 9,
      minSubtotal: 5000,
    });
    expect(whyNotApplicable(p, at)).toBeNull();
  });

  it('says why it does not', () => {
    expect(whyNotApplicable(promotion({ enabled: false }), at)).toBe('code is disabled');
    expect(whyNotApplicable(promotion({ startsAt: new Date(now.getTime() + 1) }), at)).toBe(
      'code has not started yet',
    );
    expect(whyNotApplicable(promotion({ endsAt: new Date(now.getTime() - 1) }), at)).toBe(
      'code has ended',
    );
    expect(whyNotApplicable(promotion({ usageLimit: 3, timesUsed: 3 }), at)).toBe(
      'code is used up',
    );
    expect(whyNotApplicable(promotion({ minSubtotal: 5001 }), at)).toBe(
      "subtotal is under the code's minimum of 5001",
    );
  });

  it('starts at startsAt and is over at endsAt', () => {
    expect(whyNotApplicable(promotion({ startsAt: now }), at)).toBeNull();
    expect(whyNotApplicable(promotion({ endsAt: now }), at)).toBe(PROMOTION_REFUSALS.ended);
  });

  it('refuses an email that used a once-per-email code, and only then', () => {
    const once = promotion({ oncePerEmail: true });
    expect(whyNotApplicable(once, { ...at, usedByEmail: true })).toBe(
      PROMOTION_REFUSALS.usedByEmail,
    );
    expect(whyNotApplicable(once, { ...at, usedByEmail: false })).toBeNull();
    expect(whyNotApplicable(once, at)).toBeNull();
    expect(whyNotApplicable(promotion(), { ...at, usedByEmail: true })).toBeNull();
  });

  it('gives the first reason when several hold', () => {
    const p = promotion({ enabled: false, endsAt: now, usageLimit: 1, timesUsed: 1 });
    expect(whyNotApplicable(p, at)).toBe(PROMOTION_REFUSALS.disabled);
  });
});

describe('the discount a promotion gives', () => {
  it('rounds a percentage half up', () => {
    // 15% of 3333 = 499.95 → 500
    expect(discountFor({ type: 'percentage', value: 15 }, 3333)).toBe(500);
    // 10% of 1005 = 100.5 → 101 (the half goes up)
    expect(discountFor({ type: 'percentage', value: 10 }, 1005)).toBe(101);
    // 10% of 1004 = 100.4 → 100
    expect(discountFor({ type: 'percentage', value: 10 }, 1004)).toBe(100);
    // 100% of 4498 = everything
    expect(discountFor({ type: 'percentage', value: 100 }, 4498)).toBe(4498);
  });

  it('takes a fixed amount, at most the subtotal', () => {
    expect(discountFor({ type: 'fixed', value: 1000 }, 4498)).toBe(1000);
    // 5000 off a subtotal of 4498 → 4498, never below 0
    expect(discountFor({ type: 'fixed', value: 5000 }, 4498)).toBe(4498);
  });

  it('gives nothing off for free shipping', () => {
    expect(discountFor({ type: 'free_shipping', value: null }, 4498)).toBe(0);
  });
});
