export { IdentityModule } from './identity.module';
export { IdentityFacade } from './application/identity.facade';
export type { UserSummary } from './application/identity.facade';
export { UserRegistered, PasswordResetRequested } from './domain/identity-events';
export type { UserRegisteredData, PasswordResetRequestedData } from './domain/identity-events';
