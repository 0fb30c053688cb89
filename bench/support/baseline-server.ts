/**
 * The practical ceiling of this stack for the storefront's answers: plain Fastify and pg, one
 * hand-written query per answer that builds the JSON inside PostgreSQL, no framework, no
 * guard, no transaction, no row-level security. Plus a route that answers a fixed string.
 */
import Fastify from 'fastify';
import { Pool } from 'pg';

const url = process.env.DATABASE_URL as string;
const storeId = process.env.BENCH_STORE_ID as string;
const fixed = process.env.BENCH_FIXED_BODY ?? '{"ok":true}';
const pool = new Pool({ connectionString: url, max: 20 });

const PRODUCT_JSON = `json_build_object(
  'id', p.id, 'slug', p.slug, 'title', p.title, 'description', p.description,
  'images', coalesce((select json_agg(json_build_object('id', i.id, 'url', i.url, 'alt', i.alt, 'position', i.position)
             order by i.position, i.created_at) from product_image i where i.product_id = p.id), '[]'),
  'priceMin', p.price_min, 'priceMax', p.price_max, 'currency', 'USD', 'inStock', p.in_stock,
  'categories', coalesce((select json_agg(c.slug order by c.position, c.slug) from product_category pc
                 join category c on c.id = pc.category_id where pc.product_id = p.id), '[]'),
  'variants', coalesce((select json_agg(json_build_object('id', v.id, 'sku', v.sku, 'title', v.title, 'price', v.price,
               'inStock', v.stock > 0, 'options', v.options) order by v.position, v.created_at)
               from variant v where v.product_id = p.id), '[]'))`;

const page = (where: string, order: string) => `
  with matches as (select p.id, count(*) over () as total from product p
                    where p.store_id = $1 and p.status = 'active' and ${where}
                    order by ${order} limit 20)
  select json_build_object('items', coalesce(json_agg(${PRODUCT_JSON} order by ${order}), '[]'),
                           'total', coalesce(max(m.total), 0), 'page', 1, 'limit', 20)::text as body
    from matches m join product p on p.id = m.id`;

const LIST = page(
  `exists (select 1 from product_category pc where pc.product_id = p.id and pc.category_id in (
     with recursive tree as (select id from category where store_id = $1 and slug = $2
       union all select c.id from category c join tree t on c.parent_id = t.id) select id from tree))`,
  'p.price_min asc, p.id',
);
const SEARCH = page(
  `(p.search @@ to_tsquery('simple', $2 || ':*') or $2 <% lower(p.title))`,
  'p.created_at desc, p.id',
);
const DETAIL = `select ${PRODUCT_JSON}::text as body from product p where p.store_id = $1 and p.slug = $2 and p.status = 'active'`;

const app = Fastify();
const send =
  (sql: string, param: string) =>
  async (_: unknown, reply: { type(t: string): { send(b: string): void } }) => {
    const { rows } = await pool.query(sql, [storeId, param]);
    reply.type('application/json').send(rows[0].body);
  };
app.get<{ Querystring: { category: string } }>('/list', (req, reply) =>
  send(LIST, req.query.category)(req, reply),
);
app.get<{ Querystring: { q: string } }>('/search', (req, reply) =>
  send(SEARCH, req.query.q.toLowerCase())(req, reply),
);
app.get<{ Params: { slug: string } }>('/detail/:slug', (req, reply) =>
  send(DETAIL, req.params.slug)(req, reply),
);
app.get('/fixed', (_req, reply) => reply.type('application/json').send(fixed));

void (async () => {
  await pool.query(`set pg_trgm.word_similarity_threshold = 0.4`).catch(() => undefined);
  pool.on('connect', (c) => void c.query(`set pg_trgm.word_similarity_threshold = 0.4`));
  await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
  process.stdout.write('baseline ready\n');
  process.on(
    'SIGTERM',
    () =>
      void app
        .close()
        .then(() => pool.end())
        .then(() => process.exit(0)),
  );
})();
