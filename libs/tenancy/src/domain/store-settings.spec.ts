import {
  applySettingsPatch,
  DEFAULT_SETTINGS,
  effectiveSettings,
  isTimeZone,
} from './store-settings';

describe('store settings', () => {
  it('fills the contract defaults', () => {
    expect(effectiveSettings(null)).toEqual({
      orderHoldMinutes: 30,
      shipping: { flatRate: 0, freeOver: null, rates: {} },
      tax: { pricesIncludeTax: false, rates: [] },
      notifications: { sms: false },
      timezone: 'UTC',
      storefront: { requirePublishableKey: false },
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

  it('knows IANA time zones and keeps the storefront section apart', () => {
    expect(isTimeZone('Europe/Paris')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    const next = applySettingsPatch(DEFAULT_SETTINGS, {
      timezone: 'Asia/Tokyo',
      storefront: { requirePublishableKey: true },
    });
    expect([next.timezone, next.storefront.requirePublishableKey]).toEqual(['Asia/Tokyo', true]);
    expect(applySettingsPatch(next, { orderHoldMinutes: 5 }).timezone).toBe('Asia/Tokyo');
  });
});
