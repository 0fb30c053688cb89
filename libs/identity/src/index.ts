export { IdentityModule } from './identity.module';
export { IdentityFacade } from './application/identity.facade';
export type { CustomerAddress, CustomerSummary, UserSummary } from './application/identity.facade';
export type { CustomerExportRow } from './infrastructure/customer-export.repository';
export {
  CustomerPasswordResetRequested,
  CustomerRegistered,
  PasswordResetRequested,
  UserRegistered,
} from './domain/identity-events';
export type {
  CustomerPasswordResetRequestedData,
  CustomerRegisteredData,
  PasswordResetRequestedData,
  UserRegisteredData,
} from './domain/identity-events';
