import { EntitySchema } from 'typeorm';
import { Membership } from '../domain/membership';
import { Store } from '../domain/store';

export const StoreSchema = new EntitySchema<Store>({
  name: 'Store',
  target: Store,
  tableName: 'store',
  columns: {
    id: { type: 'uuid', primary: true, generated: 'uuid' },
    slug: { type: 'text' },
    name: { type: 'text' },
    currency: { type: 'char', length: 3 },
    supportEmail: { type: 'text', name: 'support_email', nullable: true },
    settings: { type: 'jsonb' },
    createdAt: { type: 'timestamptz', name: 'created_at', createDate: true },
    updatedAt: { type: 'timestamptz', name: 'updated_at', updateDate: true },
  },
});

export const MembershipSchema = new EntitySchema<Membership>({
  name: 'Membership',
  target: Membership,
  tableName: 'membership',
  columns: {
    storeId: { type: 'uuid', name: 'store_id', primary: true },
    userId: { type: 'uuid', name: 'user_id', primary: true },
    role: { type: 'text' },
    createdAt: { type: 'timestamptz', name: 'created_at', createDate: true },
  },
});
