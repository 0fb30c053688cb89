export { TenancyModule } from './tenancy.module';
export { BY_HOST, TenancyFacade } from './application/tenancy.facade';
export type { StoreRef } from './application/tenancy.facade';
export type { StoreSettings, TaxRate } from './domain/store-settings';
export { AuditLog } from './application/audit-log';
export type { AuditedWrite } from './application/audit-log';
