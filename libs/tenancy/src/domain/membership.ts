import type { Role } from '@silkcart/shared';
import { LastStoreAdmin } from './tenancy.errors';

/** A user's role in one store. */
export class Membership {
  constructor(
    readonly storeId: string,
    readonly userId: string,
    public role: Role,
    readonly createdAt: Date,
  ) {}
}

/**
 * A store always keeps a StoreAdmin: removing or demoting the last one is refused.
 * `nextRole` is null for a removal.
 */
export function assertKeepsAnAdmin(
  member: Membership,
  nextRole: Role | null,
  storeAdmins: number,
): void {
  const losesAdmin = member.role === 'StoreAdmin' && nextRole !== 'StoreAdmin';
  if (losesAdmin && storeAdmins <= 1) throw new LastStoreAdmin();
}
