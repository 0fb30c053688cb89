import { applySettingsPatch, DEFAULT_SETTINGS, effectiveSettings } from './store-settings';

describe('store settings', () => {
  it('fills the contract defaults', () => {
    expect(effectiveSettings(null)).toEqual({
      orderHoldMinutes: 30,
      shipping: { flatRate: 0, freeOver: null, rates: {} },
      tax: { pricesIncludeTax: false, rates: [] },
      notifications: { sms: false },
    });
  });

  it('patches the named fields of a section and keeps the rest', () => {
    const current = applySettingsPatch(DEFAULT_SETTINGS, {
      shipping: { freeOver: 5000, rates: { FR: 900 } },
    });
    const next = applySettingsPatch(current, { shipping: { flatRate: 500 } });
    expect(next.shipping).toEqual({ flatRate: 500, freeOver: 5000, rates: { FR: 900 } });
    expect(next.orderHoldMinutes).toBe(30);
  });

  it('replaces a list as a whole', () => {
    const current = applySettingsPatch(DEFAULT_SETTINGS, {
      tax: { rates: [{ country: 'FR', rate: 0.2 }] },
    });
    expect(applySettingsPatch(current, { tax: { rates: [] } }).tax.rates).toEqual([]);
  });
});
