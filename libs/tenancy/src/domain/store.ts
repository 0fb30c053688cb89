import {
  StoreSettings,
  StoreSettingsPatch,
  applySettingsPatch,
  effectiveSettings,
} from './store-settings';

export const STORE_SLUG = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

/** A merchant's store: the tenant every store-owned row belongs to. */
export class Store {
  constructor(
    readonly id: string,
    readonly slug: string,
    public name: string,
    readonly currency: string,
    public supportEmail: string | null,
    public settings: StoreSettingsPatch,
    readonly createdAt: Date,
    public updatedAt: Date,
  ) {}

  get effectiveSettings(): StoreSettings {
    return effectiveSettings(this.settings);
  }

  update(change: {
    name?: string;
    supportEmail?: string | null;
    settings?: StoreSettingsPatch;
  }): void {
    if (change.name !== undefined) this.name = change.name.trim();
    if (change.supportEmail !== undefined) this.supportEmail = change.supportEmail;
    if (change.settings !== undefined)
      this.settings = applySettingsPatch(this.effectiveSettings, change.settings);
    this.updatedAt = new Date();
  }
}
