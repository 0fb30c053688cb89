import { assertKeepsAnAdmin, Membership } from './membership';
import { LastStoreAdmin } from './tenancy.errors';

const admin = new Membership('s', 'u', 'StoreAdmin', new Date());
const manager = new Membership('s', 'm', 'Manager', new Date());

describe('the last StoreAdmin rule', () => {
  it('refuses to demote the last StoreAdmin', () => {
    expect(() => assertKeepsAnAdmin(admin, 'Manager', 1)).toThrow(LastStoreAdmin);
  });

  it('refuses to remove the last StoreAdmin', () => {
    expect(() => assertKeepsAnAdmin(admin, null, 1)).toThrow(LastStoreAdmin);
  });

  it('lets a StoreAdmin go when another remains', () => {
    expect(() => assertKeepsAnAdmin(admin, null, 2)).not.toThrow();
  });

  it('lets the last StoreAdmin keep the role', () => {
    expect(() => assertKeepsAnAdmin(admin, 'StoreAdmin', 1)).not.toThrow();
  });

  it('never blocks changes to other roles', () => {
    expect(() => assertKeepsAnAdmin(manager, null, 1)).not.toThrow();
  });
});
