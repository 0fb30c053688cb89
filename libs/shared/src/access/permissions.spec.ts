import { PERMISSIONS, Permission, ROLES, roleAllows } from './permissions';

describe('roles matrix', () => {
  // The contract's table, row by row: StoreAdmin, Manager, Staff, Viewer.
  const matrix: Record<Permission, [boolean, boolean, boolean, boolean]> = {
    'store.read': [true, true, true, true],
    'catalog.write': [true, true, false, false],
    'promotion.write': [true, true, false, false],
    'export.write': [true, true, false, false],
    'review.moderate': [true, true, false, false],
    'order.fulfil': [true, true, true, false],
    'order.cancel': [true, true, false, false],
    'store.manage': [true, false, false, false],
  };

  it.each(Object.entries(matrix))('%s follows the contract', (permission, expected) => {
    const actual = (['StoreAdmin', 'Manager', 'Staff', 'Viewer'] as const).map((role) =>
      roleAllows(role, permission as Permission),
    );
    expect(actual).toEqual(expected);
  });

  it('covers every permission it declares', () => {
    expect(Object.keys(matrix).sort()).toEqual(Object.keys(PERMISSIONS).sort());
    expect(ROLES).toHaveLength(4);
  });
});
