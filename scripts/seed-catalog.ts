import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { RequestContext, StoreId, TenantTx } from '@silkcart/shared';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SeedHttp } from './seed-http';

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

export const DEMO_ADMIN = { email: 'demo@silkcart.dev', password: 'demo-password-123' };

export interface SeededCatalog {
  storeId: string;
  storeSlug: string;
  products: number;
}

export interface CatalogOptions {
  slug: string;
  products: number;
  dataDir: string;
  /** PUBLIC_URL: the base of the image URLs stored, whatever api the seed writes through. */
  publicUrl: string;
}

/**
 * A demo store for development and benchmarks (made by the demo StoreAdmin), a category tree, and
 * `products` active products with three variants each, stock and a placeholder image. The
 * account, store and categories go through the api; the products are written in bulk in
 * one tenant transaction (row-level security applies), with the storefront read model
 * rebuilt and the catalog version bumped (running apis drop their cached answers).
 */
export async function seedCatalog(
  app: NestFastifyApplication,
  http: SeedHttp,
  token: string,
  options: CatalogOptions,
): Promise<SeededCatalog> {
  const store = (
    await http.call('POST', '/stores', {
      token,
      body: {
        name: 'SilkCart Demo',
        slug: options.slug,
        currency: 'USD',
        supportEmail: 'help@silkcart.dev',
      },
    })
  ).body;
  await http.call('PATCH', `/stores/${store.id}`, {
    token,
    body: { settings: { shipping: { flatRate: 499, freeOver: 7500, rates: {} } } },
  });
  const leafIds = await createCategories(http, store.id, token);
  const imageUrl = placeholderImage(options.dataDir, options.publicUrl);
  await writeProducts(app, store.id, leafIds, imageUrl, options.products);
  return { storeId: store.id, storeSlug: store.slug, products: options.products };
}

/** The demo StoreAdmin's access token (15 minutes: enough for a seed), registered if new. */
export async function merchantToken(http: SeedHttp): Promise<string> {
  const { email, password } = DEMO_ADMIN;
  const registered = await http.call('POST', '/auth/register', {
    body: { email, password, name: 'Demo Admin' },
    accept: [409],
  });
  if (registered.status !== 409) return registered.body.accessToken as string;
  return (await http.call('POST', '/auth/token', { body: { email, password } })).body
    .accessToken as string;
}

async function createCategories(http: SeedHttp, storeId: string, token: string) {
  const leafIds: string[] = [];
  for (const [parent, children] of Object.entries(TREE)) {
    const p = (
      await http.call('POST', `/stores/${storeId}/categories`, { token, body: { name: parent } })
    ).body;
    for (const [i, child] of children.entries()) {
      const body = { name: child, parentId: p.id, position: i };
      leafIds.push(
        (await http.call('POST', `/stores/${storeId}/categories`, { token, body })).body.id,
      );
    }
  }
  return leafIds;
}

/** The placeholder file, where the local storage driver serves uploads from; its public URL. */
function placeholderImage(dataDir: string, publicUrl: string): string {
  const uploads = join(dataDir, 'uploads', 'demo');
  mkdirSync(uploads, { recursive: true });
  writeFileSync(join(uploads, 'placeholder.png'), PLACEHOLDER);
  return `${publicUrl}/uploads/demo/placeholder.png`;
}

async function writeProducts(
  app: NestFastifyApplication,
  storeId: string,
  leafIds: string[],
  imageUrl: string,
  products: number,
): Promise<void> {
  const store = { id: storeId };
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
      `select storefront_refresh(array_agg(id), 'USD') from product where store_id = $1`,
      [store.id],
    );
    await m.query(
      `insert into catalog_version (store_id, version) values ($1, 1)
       on conflict (store_id) do update set version = catalog_version.version + 1`,
      [store.id],
    );
  });
}
