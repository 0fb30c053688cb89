import type { Role } from '../context/request-context';

/** Roles from least to most powerful; a role may do whatever a lower one may. */
export const ROLES: readonly Role[] = ['Viewer', 'Staff', 'Manager', 'StoreAdmin'];

/**
 * The contract's roles matrix, written down once: each action and the least role that may
 * take it. Routes name an action with `@Allow(...)`; the guard looks it up here.
 */
export const PERMISSIONS = {
  /** read store, members, catalog, orders, notifications */
  'store.read': 'Viewer',
  /** write categories, products, variants, images */
  'catalog.write': 'Manager',
  /** create, change and delete promotions (discount codes) */
  'promotion.write': 'Manager',
  /** publish or reject reviews */
  'review.moderate': 'Manager',
  /** fulfil an order, resend its email */
  'order.fulfil': 'Staff',
  /** start exports and manage export schedules */
  'export.write': 'Manager',
  /** cancel or refund an order */
  'order.cancel': 'Manager',
  /** store settings, members */
  'store.manage': 'StoreAdmin',
} as const satisfies Record<string, Role>;

export type Permission = keyof typeof PERMISSIONS;

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function roleAllows(role: Role, permission: Permission): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(PERMISSIONS[permission]);
}
