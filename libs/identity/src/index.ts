export { IdentityModule } from './identity.module';
export { IdentityFacade } from './application/identity.facade';
export type { UserSummary } from './application/identity.facade';
