import { Outbox1763700000000 } from './1763700000000-outbox';
import { IdentityTenancy1763700100000 } from './1763700100000-identity-tenancy';
import { Catalog1763700200000 } from './1763700200000-catalog';
import { Ordering1763700300000 } from './1763700300000-ordering';
import { DomainEvents1763700400000 } from './1763700400000-domain-events';
import { Payments1763700500000 } from './1763700500000-payments';
import { Notifications1763700600000 } from './1763700600000-notifications';
import { StorefrontReadModel1763700700000 } from './1763700700000-storefront-read-model';
import { Promotions1763700800000 } from './1763700800000-promotions';
import { Reviews1763700900000 } from './1763700900000-reviews';
import { Customers1763701000000 } from './1763701000000-customers';
import { ApiKeys1763701100000 } from './1763701100000-api-keys';
import { AuditLog1763701200000 } from './1763701200000-audit-log';
import { Webhooks1763701300000 } from './1763701300000-webhooks';
import { Domains1763701400000 } from './1763701400000-domains';
import { Plans1763701500000 } from './1763701500000-plans';
import { Analytics1763701600000 } from './1763701600000-analytics';
import { Exports1763701700000 } from './1763701700000-exports';
import { StorefrontCompactSearch1763701800000 } from './1763701800000-storefront-compact-search';

/** Every migration, in order. `npm run migration:generate` writes a file; add its class here. */
export const MIGRATIONS = [
  Outbox1763700000000,
  IdentityTenancy1763700100000,
  Catalog1763700200000,
  Ordering1763700300000,
  DomainEvents1763700400000,
  Payments1763700500000,
  Notifications1763700600000,
  StorefrontReadModel1763700700000,
  Promotions1763700800000,
  Reviews1763700900000,
  Customers1763701000000,
  ApiKeys1763701100000,
  AuditLog1763701200000,
  Webhooks1763701300000,
  Domains1763701400000,
  Plans1763701500000,
  Analytics1763701600000,
  Exports1763701700000,
  StorefrontCompactSearch1763701800000,
];
