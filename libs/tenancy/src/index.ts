export { TenancyModule } from './tenancy.module';
