import { Outbox1763700000000 } from './1763700000000-outbox';
import { IdentityTenancy1763700100000 } from './1763700100000-identity-tenancy';
import { Catalog1763700200000 } from './1763700200000-catalog';
import { Ordering1763700300000 } from './1763700300000-ordering';

/** Every migration, in order. `npm run migration:generate` writes a file; add its class here. */
export const MIGRATIONS = [
  Outbox1763700000000,
  IdentityTenancy1763700100000,
  Catalog1763700200000,
  Ordering1763700300000,
];
