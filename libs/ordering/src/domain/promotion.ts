import { FieldError, InvalidInput } from '@silkcart/shared';

export const PROMOTION_TYPES = ['percentage', 'fixed', 'free_shipping'] as const;
export type PromotionType = (typeof PROMOTION_TYPES)[number];

/** A store's discount code, as the contract shows it; money in minor units, absent values null. */
export interface Promotion {
  id: string;
  /** Upper-case (see normalizeCode). */
  code: string;
  type: PromotionType;
  /** 1..100 for `percentage`, minor units > 0 for `fixed`, null for `free_shipping`. */
  value: number | null;
  minSubtotal: number | null;
  startsAt: Date | null;
  /** The first instant the code no longer applies. */
  endsAt: Date | null;
  usageLimit: number | null;
  oncePerEmail: boolean;
  enabled: boolean;
  timesUsed: number;
  createdAt: Date;
}

/** What a merchant sets: the create body, or the whole of a promotion once a PATCH is merged. */
export interface PromotionTerms {
  code: string;
  type: PromotionType;
  value?: number | null;
  minSubtotal?: number | null;
  startsAt?: Date | null;
  endsAt?: Date | null;
  usageLimit?: number | null;
  oncePerEmail?: boolean;
  enabled?: boolean;
}

/** The answers `whyNotApplicable` gives, so callers (and the unknown case) word them alike. */
export const PROMOTION_REFUSALS = {
  unknown: 'code is unknown',
  disabled: 'code is disabled',
  notStarted: 'code has not started yet',
  ended: 'code has ended',
  usedUp: 'code is used up',
  usedByEmail: 'code has already been used with this email',
  underMinimum: (minSubtotal: number) => `subtotal is under the code's minimum of ${minSubtotal}`,
} as const;

const CODE = /^[A-Za-z0-9_-]{3,32}$/;

/** The stored form of a code (upper-case), or null when it is not 3..32 of `[A-Za-z0-9_-]`. */
export function normalizeCode(raw: string): string | null {
  return CODE.test(raw) ? raw.toUpperCase() : null;
}

/** Every rule the terms break, as field errors; empty when they are valid. */
export function promotionErrors(terms: PromotionTerms): FieldError[] {
  const errors: FieldError[] = [];
  const fail = (field: string, message: string) => errors.push({ field, message });
  const value = terms.value ?? null;
  if (normalizeCode(terms.code) === null) {
    fail('code', 'code must be 3 to 32 letters, digits, "_" or "-"');
  }
  if (!PROMOTION_TYPES.includes(terms.type)) {
    fail('type', `type must be one of ${PROMOTION_TYPES.join(', ')}`);
  } else if (terms.type === 'free_shipping') {
    if (value !== null) fail('value', 'value must be absent for free_shipping');
  } else if (terms.type === 'percentage') {
    if (value === null || !Number.isInteger(value) || value < 1 || value > 100) {
      fail('value', 'value must be an integer percentage from 1 to 100');
    }
  } else if (value === null || !Number.isInteger(value) || value <= 0) {
    fail('value', 'value must be an amount in minor units greater than 0');
  }
  const min = terms.minSubtotal ?? null;
  if (min !== null && (!Number.isInteger(min) || min < 0)) {
    fail('minSubtotal', 'minSubtotal must be an amount in minor units (>= 0)');
  }
  const limit = terms.usageLimit ?? null;
  if (limit !== null && (!Number.isInteger(limit) || limit < 1)) {
    fail('usageLimit', 'usageLimit must be an integer >= 1');
  }
  if (terms.startsAt && terms.endsAt && terms.endsAt <= terms.startsAt) {
    fail('endsAt', 'endsAt must be after startsAt');
  }
  return errors;
}

/** A new promotion from valid terms (InvalidInput naming every broken rule otherwise). */
export function createPromotion(id: string, terms: PromotionTerms, now: Date): Promotion {
  const errors = promotionErrors(terms);
  if (errors.length > 0) throw new InvalidInput('The promotion is not valid', errors);
  return {
    id,
    code: terms.code.toUpperCase(),
    type: terms.type,
    value: terms.value ?? null,
    minSubtotal: terms.minSubtotal ?? null,
    startsAt: terms.startsAt ?? null,
    endsAt: terms.endsAt ?? null,
    usageLimit: terms.usageLimit ?? null,
    oncePerEmail: terms.oncePerEmail ?? false,
    enabled: terms.enabled ?? true,
    timesUsed: 0,
    createdAt: now,
  };
}

/**
 * A PATCH: the changed terms merged over the promotion, then validated as a whole (a type
 * change must bring a fitting value; `value: null` to go to free_shipping).
 */
export function changePromotion(promotion: Promotion, changes: Partial<PromotionTerms>): Promotion {
  const given = Object.entries(changes).filter(([, v]) => v !== undefined);
  const merged: Promotion = { ...promotion, ...Object.fromEntries(given) };
  const errors = promotionErrors(merged);
  if (errors.length > 0) throw new InvalidInput('The promotion is not valid', errors);
  return { ...merged, code: merged.code.toUpperCase(), value: merged.value ?? null };
}

/**
 * Why the promotion cannot apply to a subtotal (as the store shows prices) at `now`, or null
 * when it applies. `usedByEmail` is known only at checkout; a cart leaves it out.
 */
export function whyNotApplicable(
  promotion: Promotion,
  at: { subtotal: number; now: Date; usedByEmail?: boolean },
): string | null {
  if (!promotion.enabled) return PROMOTION_REFUSALS.disabled;
  if (promotion.startsAt && at.now < promotion.startsAt) return PROMOTION_REFUSALS.notStarted;
  if (promotion.endsAt && at.now >= promotion.endsAt) return PROMOTION_REFUSALS.ended;
  if (promotion.usageLimit !== null && promotion.timesUsed >= promotion.usageLimit) {
    return PROMOTION_REFUSALS.usedUp;
  }
  if (promotion.oncePerEmail && at.usedByEmail) return PROMOTION_REFUSALS.usedByEmail;
  if (promotion.minSubtotal !== null && at.subtotal < promotion.minSubtotal) {
    return PROMOTION_REFUSALS.underMinimum(promotion.minSubtotal);
  }
  return null;
}

/**
 * The discount on a subtotal in minor units: a percentage rounded half up, a fixed amount at
 * most the subtotal, 0 for free shipping (it zeroes shipping instead).
 */
export function discountFor(
  promotion: Pick<Promotion, 'type' | 'value'>,
  subtotal: number,
): number {
  const value = promotion.value ?? 0;
  switch (promotion.type) {
    case 'percentage':
      // integers throughout: subtotal × value is exact, so the half is never lost to floats
      return Math.min(subtotal, Math.floor((subtotal * value + 50) / 100));
    case 'fixed':
      return Math.min(subtotal, value);
    case 'free_shipping':
      return 0;
  }
}
