export { IdentityModule } from './identity.module';
export { IdentityFacade } from './application/identity.facade';
export type { CustomerSummary, UserSummary } from './application/identity.facade';
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
