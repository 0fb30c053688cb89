import { randomBytes } from 'node:crypto';
import { LogMailTransport, type EmailMessage } from '@silkcart/notifications';
import type { Role } from '@silkcart/shared';
import { waitFor } from './http';
import type { TestApi } from './test-api';

export interface TestUser {
  id: string;
  email: string;
  password: string;
  token: string;
  refreshToken: string;
}

export const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

export async function registerUser(api: TestApi, name = 'Test User'): Promise<TestUser> {
  const email = `${unique('user')}@example.com`;
  const password = 'correct horse battery';
  const res = await api.http('POST', '/api/v1/auth/register', { body: { email, password, name } });
  if (res.status !== 201) throw new Error(`register: ${res.status} ${res.text}`);
  return {
    id: res.body.user.id,
    email,
    password,
    token: res.body.accessToken,
    refreshToken: res.body.refreshToken,
  };
}

export async function createStore(api: TestApi, owner: TestUser, currency = 'USD') {
  const slug = unique('store');
  const res = await api.http('POST', '/api/v1/stores', {
    token: owner.token,
    body: { name: `Store ${slug}`, slug, currency },
  });
  if (res.status !== 201) throw new Error(`create store: ${res.status} ${res.text}`);
  return res.body as { id: string; slug: string; name: string; currency: string };
}

export async function addMember(
  api: TestApi,
  storeId: string,
  admin: TestUser,
  user: TestUser,
  role: Role,
) {
  const res = await api.http('POST', `/api/v1/stores/${storeId}/members`, {
    token: admin.token,
    body: { email: user.email, role },
  });
  if (res.status !== 201) throw new Error(`add member: ${res.status} ${res.text}`);
}

/** A store with one user in each role, plus a registered non-member. */
export async function storeWithStaff(api: TestApi) {
  const admin = await registerUser(api, 'Admin');
  const store = await createStore(api, admin);
  const users = { StoreAdmin: admin } as Record<Role | 'outsider', TestUser>;
  for (const role of ['Manager', 'Staff', 'Viewer'] as const) {
    users[role] = await registerUser(api, role);
    await addMember(api, store.id, admin, users[role], role);
  }
  users.outsider = await registerUser(api, 'Outsider');
  return { store, users };
}

/** The emails the in-process worker has sent to the log so far, to one address. */
export function sentMail(api: TestApi, to: string): EmailMessage[] {
  return api.app.get(LogMailTransport).sent.filter((m) => m.to.toLowerCase() === to.toLowerCase());
}

export function waitForMail(api: TestApi, to: string, template: string): Promise<EmailMessage> {
  return waitFor(
    async () => sentMail(api, to).find((m) => m.template === template),
    20_000,
    `a ${template} email to ${to}`,
  );
}

export const ADDRESS = {
  name: 'Ada Buyer',
  line1: '1 Rue de Rivoli',
  city: 'Paris',
  postalCode: '75001',
  country: 'FR',
};

/** An active product with one variant per [price, stock]; answers the variants. */
export async function productWithVariants(
  api: TestApi,
  storeId: string,
  admin: TestUser,
  variants: Array<[number, number]>,
  title = unique('Product'),
): Promise<Array<{ id: string; sku: string; price: number; stock: number }>> {
  const res = await api.http('POST', `/api/v1/stores/${storeId}/products`, {
    token: admin.token,
    body: {
      title,
      status: 'active',
      variants: variants.map(([price, stock], i) => ({
        sku: `${unique('SKU')}-${i}`,
        title: `V${i}`,
        price,
        stock,
        lowStockThreshold: 2,
      })),
    },
  });
  if (res.status !== 201) throw new Error(`product: ${res.status} ${res.text}`);
  return res.body.variants;
}

export async function placeOrder(
  api: TestApi,
  storeSlug: string,
  items: Array<{ variantId: string; quantity: number }>,
  headers?: Record<string, string>,
) {
  return api.http('POST', `/api/v1/catalog/${storeSlug}/orders`, {
    body: { items, email: 'buyer@example.com', shippingAddress: ADDRESS },
    headers,
  });
}
