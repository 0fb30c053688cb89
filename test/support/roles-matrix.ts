import type { Permission, Role } from '@silkcart/shared';

export interface MatrixAction {
  /** What the contract's matrix row says. */
  permission: Permission;
  label: string;
  method: string;
  /** The path under /api/v1, with `{storeId}` (and `{orderId}`, a pending order of the store). */
  path: string;
  body?: unknown;
  /** A body built from the fixture's users, when it needs them. */
  bodyFor?: (users: Record<string, { email: string }>) => unknown;
}

/**
 * One request per row of the contract's roles matrix (and more where a row covers several
 * routes). Each is sent by every role; a role the row allows must not get 403 or 404, one it
 * does not must get 403. Later contexts add their rows here.
 */
export const MATRIX_ACTIONS: MatrixAction[] = [
  { permission: 'store.read', label: 'read the store', method: 'GET', path: '/stores/{storeId}' },
  {
    permission: 'store.read',
    label: 'read the members',
    method: 'GET',
    path: '/stores/{storeId}/members',
  },
  {
    permission: 'store.manage',
    label: 'change store settings',
    method: 'PATCH',
    path: '/stores/{storeId}',
    body: { settings: { orderHoldMinutes: 45 } },
  },
  {
    permission: 'store.manage',
    label: 'add a member',
    method: 'POST',
    path: '/stores/{storeId}/members',
    bodyFor: (users) => ({ email: users.outsider.email, role: 'Viewer' }),
  },
  {
    permission: 'store.read',
    label: 'read the catalog',
    method: 'GET',
    path: '/stores/{storeId}/products',
  },
  {
    permission: 'catalog.write',
    label: 'create a product',
    method: 'POST',
    path: '/stores/{storeId}/products',
    body: { title: 'Matrix product', status: 'draft' },
  },
  {
    permission: 'catalog.write',
    label: 'create a category',
    method: 'POST',
    path: '/stores/{storeId}/categories',
    body: { name: 'Matrix category' },
  },
  {
    permission: 'store.read',
    label: 'read the orders',
    method: 'GET',
    path: '/stores/{storeId}/orders',
  },
  // A pending order cannot be fulfilled (409) but the role check comes first (403).
  {
    permission: 'order.fulfil',
    label: 'fulfil an order',
    method: 'POST',
    path: '/stores/{storeId}/orders/{orderId}/fulfil',
    body: {},
  },
  {
    permission: 'order.cancel',
    label: 'cancel an order',
    method: 'POST',
    path: '/stores/{storeId}/orders/{orderId}/cancel',
    body: {},
  },
  {
    permission: 'store.read',
    label: 'read the promotions',
    method: 'GET',
    path: '/stores/{storeId}/promotions',
  },
  {
    permission: 'promotion.write',
    label: 'create a promotion',
    method: 'POST',
    path: '/stores/{storeId}/promotions',
    // Each allowed role creates its own code: the row is sent once per role.
    bodyFor: () => ({ code: `M${Math.random().toString(36).slice(2, 12)}`, type: 'free_shipping' }),
  },
  {
    permission: 'store.read',
    label: 'read the customers',
    method: 'GET',
    path: '/stores/{storeId}/customers',
  },
  {
    permission: 'store.read',
    label: 'read the reviews',
    method: 'GET',
    path: '/stores/{storeId}/reviews',
  },
  // The role check (403) comes before validation: those allowed get the body's 400.
  {
    permission: 'review.moderate',
    label: 'moderate a review',
    method: 'PATCH',
    path: '/stores/{storeId}/reviews/00000000-0000-4000-8000-000000000000',
    body: { status: 'not-a-status' },
  },
  {
    permission: 'store.manage',
    label: 'read the audit log',
    method: 'GET',
    path: '/stores/{storeId}/audit-log',
  },
  {
    permission: 'store.read',
    label: 'read the domains',
    method: 'GET',
    path: '/stores/{storeId}/domains',
  },
  {
    permission: 'store.manage',
    label: 'claim a domain',
    method: 'POST',
    path: '/stores/{storeId}/domains',
    bodyFor: () => ({ hostname: `m${Math.random().toString(36).slice(2, 10)}.example.com` }),
  },
  {
    permission: 'store.manage',
    label: 'create a webhook',
    method: 'POST',
    path: '/stores/{storeId}/webhooks',
    body: { url: 'https://hooks.example.com/matrix', events: ['order.paid'] },
  },
  {
    permission: 'store.manage',
    label: 'list the webhooks',
    method: 'GET',
    path: '/stores/{storeId}/webhooks',
  },
  // As for reviews: those allowed get the body's (or the query's) 400 before the unknown id.
  // Deleting a webhook and retrying a delivery take no body or query to refuse, so a row for
  // them would answer the allowed roles 404; test/webhooks.e2e-spec.ts walks all six routes.
  {
    permission: 'store.manage',
    label: 'change a webhook',
    method: 'PATCH',
    path: '/stores/{storeId}/webhooks/00000000-0000-4000-8000-000000000000',
    body: { events: ['not.an.event'] },
  },
  {
    permission: 'store.manage',
    label: "read a webhook's deliveries",
    method: 'GET',
    path: '/stores/{storeId}/webhooks/00000000-0000-4000-8000-000000000000/deliveries?status=not-a-status',
  },
  // As for reviews: the body's 400 comes before the unknown product (and before OpenAI).
  {
    permission: 'catalog.write',
    label: 'ask for AI product copy',
    method: 'POST',
    path: '/stores/{storeId}/products/00000000-0000-4000-8000-000000000000/ai-description',
    body: { tone: 'not-a-tone' },
  },
  {
    permission: 'store.read',
    label: 'read the usage',
    method: 'GET',
    path: '/stores/{storeId}/usage',
  },
  {
    permission: 'store.manage',
    label: 'export the data held about an email',
    method: 'GET',
    path: '/stores/{storeId}/privacy/export?email=matrix%40example.com',
  },
  {
    permission: 'store.read',
    label: 'read the analytics',
    method: 'GET',
    path: '/stores/{storeId}/analytics',
  },
  {
    permission: 'store.read',
    label: 'list the exports',
    method: 'GET',
    path: '/stores/{storeId}/exports',
  },
  {
    permission: 'store.read',
    label: 'list the export schedules',
    method: 'GET',
    path: '/stores/{storeId}/export-schedules',
  },
  {
    permission: 'export.write',
    label: 'start an export',
    method: 'POST',
    path: '/stores/{storeId}/exports',
    body: { type: 'orders', format: 'csv', dryRun: true },
  },
  {
    permission: 'export.write',
    label: 'create an export schedule',
    method: 'POST',
    path: '/stores/{storeId}/export-schedules',
    body: { type: 'orders', format: 'csv', every: 'week' },
  },
];

export const ROLE_ORDER: Role[] = ['StoreAdmin', 'Manager', 'Staff', 'Viewer'];
