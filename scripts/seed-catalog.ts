import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { RequestContext, StoreId, TenantTx } from '@silkcart/shared';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ADJECTIVES = [
  'Red',
  'Blue',
  'Green',
  'Black',
  'White',
  'Wool',
  'Linen',
  'Leather',
  'Canvas',
  'Silk',
  'Vintage',
  'Classic',
  'Light',
  'Warm',
  'Summer',
  'Winter',
];
const NOUNS = [
  'Sweater',
  'Shirt',
  'Boot',
  'Sneaker',
  'Hat',
  'Scarf',
  'Jacket',
  'Dress',
  'Skirt',
  'Belt',
  'Bag',
  'Sock',
  'Glove',
  'Coat',
  'Sandal',
  'Cap',
];
const WORDS = [
  'soft',
  'durable',
  'handmade',
  'organic',
  'cotton',
  'breathable',
  'waterproof',
  'everyday',
  'elegant',
  'relaxed',
  'fit',
  'classic',
  'premium',
  'recycled',
];
const TREE: Record<string, string[]> = {
  Clothing: ['Tops', 'Dresses', 'Outerwear'],
  Footwear: ['Boots', 'Sneakers', 'Sandals'],
  Accessories: ['Hats', 'Bags', 'Belts'],
};
// A 1×1 PNG, the placeholder every seeded product shows.
const PLACEHOLDER = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

export interface SeedResult {
  email: string;
  password: string;
  storeId: string;
  storeSlug: string;
  accessToken: string;
  products: number;
}

/**
 * A demo store for development and benchmarks: its StoreAdmin, a category tree, and
 * `products` active products with three variants each, stock and a placeholder image. The
 * account, store and categories go through the api; the products are written in bulk in
 * one tenant transaction (row-level security applies) with the catalog version bumped.
 */
export async function seedCatalog(
  app: NestFastifyApplication,
  base: string,
  dataDir: string,
  products: number,
): Promise<SeedResult> {
  const call = async (method: string, path: string, body?: unknown, token?: string) => {
    const res = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json().catch(() => ({}))) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    if (res.status >= 400 && res.status !== 409)
      throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return { status: res.status, body: json };
  };
  const email = 'demo@silkcart.dev';
  const password = 'demo-password-123';
  let auth = await call('POST', '/auth/register', { email, password, name: 'Demo Admin' });
  if (auth.status === 409) auth = await call('POST', '/auth/token', { email, password });
  const token = auth.body.accessToken as string;
  const slug = `demo-${Date.now().toString(36)}`;
  const store = (
    await call(
      'POST',
      '/stores',
      { name: 'SilkCart Demo', slug, currency: 'USD', supportEmail: 'help@silkcart.dev' },
      token,
    )
  ).body;
  const leafIds: string[] = [];
  for (const [parent, children] of Object.entries(TREE)) {
    const p = (await call('POST', `/stores/${store.id}/categories`, { name: parent }, token)).body;
    for (const [i, child] of children.entries()) {
      leafIds.push(
        (
          await call(
            'POST',
            `/stores/${store.id}/categories`,
            { name: child, parentId: p.id, position: i },
            token,
          )
        ).body.id,
      );
    }
  }

  const uploads = join(dataDir, 'uploads', 'demo');
  mkdirSync(uploads, { recursive: true });
  writeFileSync(join(uploads, 'placeholder.png'), PLACEHOLDER);
  const imageUrl = `${base}/uploads/demo/placeholder.png`;

  const ctx = RequestContext.system('seed', store.id as StoreId);
  await app.get(TenantTx).run(ctx, async (c) => {
    const m = c.manager;
    const rows = Array.from({ length: products }, (_, i) => {
      const title = `${ADJECTIVES[i % ADJECTIVES.length]} ${NOUNS[Math.floor(i / ADJECTIVES.length) % NOUNS.length]} ${i + 1}`;
      const description = Array.from(
        { length: 12 },
        (_, k) => WORDS[(i * 7 + k * 3) % WORDS.length],
      ).join(' ');
      return {
        title,
        description,
        slug: `${title.toLowerCase().replace(/\s+/g, '-')}`,
        category: leafIds[i % leafIds.length],
        price: 500 + ((i * 37) % 200) * 100,
      };
    });
    await m.query(
      `insert into product (store_id, slug, title, description, status, created_at)
       select $1, r.slug, r.title, r.description, 'active', now() - (r.n || ' minutes')::interval
         from unnest($2::text[], $3::text[], $4::text[]) with ordinality as r(slug, title, description, n)`,
      [store.id, rows.map((r) => r.slug), rows.map((r) => r.title), rows.map((r) => r.description)],
    );
    await m.query(
      `insert into product_category (store_id, product_id, category_id)
       select $1, p.id, r.category::uuid from unnest($2::text[], $3::text[]) r(slug, category)
         join product p on p.store_id = $1 and p.slug = r.slug`,
      [store.id, rows.map((r) => r.slug), rows.map((r) => r.category)],
    );
    await m.query(
      `insert into variant (store_id, product_id, sku, title, price, stock, options, position)
       select $1, p.id, upper(p.slug) || '-' || s.size, s.size, r.price + s.i * 200,
              case when (abs(hashtext(p.slug)) + s.i) % 7 = 0 then 0 else 5 + s.i * 3 end,
              jsonb_build_object('Size', s.size), s.i
         from unnest($2::text[], $3::int[]) r(slug, price)
         join product p on p.store_id = $1 and p.slug = r.slug
         cross join (values (0, 'S'), (1, 'M'), (2, 'L')) s(i, size)`,
      [store.id, rows.map((r) => r.slug), rows.map((r) => r.price)],
    );
    await m.query(
      `insert into product_image (store_id, product_id, storage_key, url, alt, content_type, size)
       select $1, id, 'demo/placeholder.png', $2, title, 'image/png', $3 from product where store_id = $1`,
      [store.id, imageUrl, PLACEHOLDER.length],
    );
    await m.query(
      `update product p set price_min = s.min, price_max = s.max, in_stock = s.in_stock
         from (select product_id, min(price) as min, max(price) as max, bool_or(stock > 0) as in_stock
                 from variant where store_id = $1 group by product_id) s
        where p.id = s.product_id`,
      [store.id],
    );
    await m.query(
      `insert into catalog_version (store_id, version) values ($1, 1)
       on conflict (store_id) do update set version = catalog_version.version + 1`,
      [store.id],
    );
  });
  return { email, password, storeId: store.id, storeSlug: slug, accessToken: token, products };
}
