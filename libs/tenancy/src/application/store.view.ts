import type { Role } from '@silkcart/shared';
import type { Store } from '../domain/store';

export type StoreView = ReturnType<Store['toView']>;
export type MyStoreView = StoreView & { role: Role };
export interface PublicStoreView {
  slug: string;
  name: string;
  currency: string;
}
export interface MemberView {
  userId: string;
  email: string;
  name: string;
  role: Role;
}
