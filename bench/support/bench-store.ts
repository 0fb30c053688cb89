import { request } from '../../test/support/http';

export interface BenchStore {
  token: string;
  store: { id: string; slug: string };
  variants: Array<{ id: string; sku: string }>;
}

/**
 * A merchant (bench@example.com), a USD store and one active product whose variants are the
 * given ones, made through the api at `base`, for a benchmark to load.
 */
export async function benchStore(
  base: string,
  name: string,
  slug: string,
  variants: Array<Record<string, unknown>>,
): Promise<BenchStore> {
  const reg = await request(`${base}/api/v1/auth/register`, 'POST', {
    body: { email: 'bench@example.com', password: 'bench password 1', name: 'Bench' },
  });
  const token = reg.body.accessToken as string;
  const store = (
    await request(`${base}/api/v1/stores`, 'POST', {
      token,
      body: { name, slug, currency: 'USD' },
    })
  ).body;
  const product = await request(`${base}/api/v1/stores/${store.id}/products`, 'POST', {
    token,
    body: { title: 'Bench item', status: 'active', variants },
  });
  if (product.status !== 201) throw new Error(`bench product: ${product.status} ${product.text}`);
  return { token, store, variants: product.body.variants };
}
