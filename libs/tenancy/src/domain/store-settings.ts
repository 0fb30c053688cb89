/** An ISO-3166 alpha-2 country code, as shipping rates and tax rates name countries. */
export const COUNTRY_CODE = /^[A-Z]{2}$/;

/** A store's checkout settings; every part optional in storage, defaults filled on read. */
export interface StoreSettings {
  orderHoldMinutes: number;
  shipping: { flatRate: number; freeOver: number | null; rates: Record<string, number> };
  tax: { pricesIncludeTax: boolean; rates: TaxRate[] };
  /** `sms`: also text the customer when an order ships (when the address has a phone). */
  notifications: { sms: boolean };
  /** An IANA time zone: the store's days (analytics, exports) are counted in it. */
  timezone: string;
  /** `requirePublishableKey`: storefront routes need the store's `X-Publishable-Key`. */
  storefront: { requirePublishableKey: boolean };
}

export interface TaxRate {
  country: string;
  region?: string;
  /** A decimal fraction: 0.2 is 20%. */
  rate: number;
}

export type StoreSettingsPatch = {
  orderHoldMinutes?: number;
  shipping?: Partial<StoreSettings['shipping']>;
  tax?: Partial<StoreSettings['tax']>;
  notifications?: Partial<StoreSettings['notifications']>;
  timezone?: string;
  storefront?: Partial<StoreSettings['storefront']>;
};

export const DEFAULT_SETTINGS: StoreSettings = {
  orderHoldMinutes: 30,
  shipping: { flatRate: 0, freeOver: null, rates: {} },
  tax: { pricesIncludeTax: false, rates: [] },
  notifications: { sms: false },
  timezone: 'UTC',
  storefront: { requirePublishableKey: false },
};

/** Whether the runtime knows this IANA time zone. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The defaults with what is stored laid over them, section by section. */
export function effectiveSettings(stored: StoreSettingsPatch | null | undefined): StoreSettings {
  return applySettingsPatch(DEFAULT_SETTINGS, stored ?? {});
}

/**
 * A PATCH replaces the fields it names and keeps the others: `{shipping: {flatRate: 500}}`
 * changes the flat rate and keeps `freeOver` and `rates`.
 */
export function applySettingsPatch(
  current: StoreSettings,
  patch: StoreSettingsPatch,
): StoreSettings {
  return {
    orderHoldMinutes: patch.orderHoldMinutes ?? current.orderHoldMinutes,
    shipping: { ...current.shipping, ...patch.shipping },
    tax: { ...current.tax, ...patch.tax },
    notifications: { ...current.notifications, ...patch.notifications },
    timezone: patch.timezone ?? current.timezone,
    storefront: { ...current.storefront, ...patch.storefront },
  };
}
