/**
 * `npm run seed [-- --products 200] [-- --fresh]`: the demo store `silkcart-demo` (catalog,
 * customers, 60 days of orders, refunds, reviews, a promotion) on DATABASE_URL or the
 * embedded PostgreSQL like `npm start`, beside a running api or not. Run again, it leaves the
 * store as it is; `--fresh` deletes it (and its demo accounts) and makes it again.
 */
import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig, loadConfig } from '@silkcart/shared';
import { startEmbeddedPostgres } from '@silkcart/shared/database/embedded-postgres';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createApiApp } from '../apps/api/src/bootstrap';
import { DEMO_ADMIN, merchantToken, seedCatalog } from './seed-catalog';
import { apiAnswers, SeedHttp } from './seed-http';
import { CUSTOMER_PASSWORD, PROMOTION_CODE, seedSales } from './seed-sales';

const SLUG = 'silkcart-demo';

interface Args {
  products: number;
  fresh: boolean;
}

function parseArgs(argv: string[]): Args {
  const flag = argv.indexOf('--products');
  const products = flag >= 0 ? Number(argv[flag + 1]) : 200;
  if (!Number.isInteger(products) || products < 1 || products > 100_000) {
    throw new Error('--products takes a whole number from 1 to 100000');
  }
  return { products, fresh: argv.includes('--fresh') };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const webhookSecret = `whsec_${randomBytes(24).toString('base64')}`;
  let config = loadConfig({
    ...process.env,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'error',
    AUTH_RATE_LIMIT: '100000',
    STOREFRONT_RATE_LIMIT: '100000',
    // Payments are applied as Stripe's signed events, in this process only: its own secret.
    STRIPE_SECRET_KEY: 'sk_test_silkcart_seed',
    STRIPE_WEBHOOK_SECRET: webhookSecret,
    STRIPE_CONNECT_WEBHOOK_SECRET: webhookSecret,
  });
  // An api already running on this data folder keeps its PostgreSQL: this reuses it.
  const embedded = config.databaseUrl
    ? null
    : await startEmbeddedPostgres(config.dataDir, config.embeddedPgPort);
  if (embedded) config = { ...config, databaseUrl: embedded.url };
  const owner = new Client({ connectionString: config.databaseUrl as string });
  await owner.connect();
  try {
    const existing = await findDemoStore(owner);
    if (existing && !args.fresh) {
      process.stdout.write(
        `The demo store ${SLUG} is already there (${existing.products} products, ${existing.orders} orders): left as it is; \`npm run seed -- --fresh\` makes it again.\n`,
      );
      process.stdout.write(summary(config, existing.id));
      return;
    }
    if (existing) await deleteDemoStore(owner, existing.id);
    await seed(config, owner, args, webhookSecret, started);
  } finally {
    await owner.end();
    await embedded?.stop();
  }
}

/** The api to write through (the running one, else our own on an ephemeral port), then the data. */
async function seed(
  config: AppConfig,
  owner: Client,
  args: Args,
  webhookSecret: string,
  started: number,
): Promise<void> {
  const running = `http://localhost:${config.port}`;
  const beside = await apiAnswers(running);
  // Our api never runs the outbox relay or the schedules: a running api does them.
  const app = await createApiApp(config, { openApi: false, background: false });
  try {
    const http = new SeedHttp(beside ? running : await listenEphemeral(app));
    process.stdout.write(
      beside
        ? `Seeding through the api running on ${running}\n`
        : 'Seeding through an api of its own on a temporary port\n',
    );
    const token = await merchantToken(http);
    await assertSameDatabase(owner, running, beside);
    const catalog = await seedCatalog(app, http, token, {
      slug: SLUG,
      products: args.products,
      dataDir: config.dataDir,
      publicUrl: config.publicUrl,
    });
    const sales = await seedSales({ app, http, owner, webhookSecret, ...catalog, token });
    process.stdout.write(
      `Seeded in ${((Date.now() - started) / 1000).toFixed(1)} s: ${catalog.products} products, ` +
        `${sales.orders} orders (${sales.refunds} refunded), ${sales.customers.length} customers, ` +
        `${sales.reviews} reviews.${beside ? '' : ' Their emails go out when the api starts.'}\n`,
    );
    process.stdout.write(summary(config, catalog.storeId));
  } finally {
    await app.close();
  }
}

async function listenEphemeral(app: NestFastifyApplication): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

/** The api on PORT must write where this seed reads; else say so before making anything. */
async function assertSameDatabase(owner: Client, running: string, beside: boolean) {
  if (!beside) return;
  const { rowCount } = await owner.query('select 1 from app_user where lower(email) = $1', [
    DEMO_ADMIN.email,
  ]);
  if (rowCount === 0) {
    throw new Error(
      `the api running on ${running} uses another database than this seed: give the seed its DATABASE_URL (or DATA_DIR), or stop it`,
    );
  }
}

async function findDemoStore(owner: Client) {
  const { rows } = await owner.query<{ migrated: boolean }>(
    `select to_regclass('public.store') is not null as migrated`,
  );
  if (!rows[0].migrated) return null;
  const found = await owner.query<{ id: string; products: number; orders: number }>(
    `select s.id,
            (select count(*)::int from product p where p.store_id = s.id) as products,
            (select count(*)::int from customer_order o where o.store_id = s.id) as orders
       from store s where s.slug = $1`,
    [SLUG],
  );
  return found.rows[0] ?? null;
}

/** The store (its rows go with it), its pending jobs, and the demo StoreAdmin if only here. */
async function deleteDemoStore(owner: Client, storeId: string): Promise<void> {
  await owner.query('begin');
  try {
    await owner.query('delete from outbox_message where store_id = $1', [storeId]);
    await owner.query('delete from store where id = $1', [storeId]);
    await owner.query(
      `delete from app_user u where lower(u.email) = $1
          and not exists (select 1 from membership m where m.user_id = u.id)`,
      [DEMO_ADMIN.email],
    );
    await owner.query('commit');
  } catch (err) {
    await owner.query('rollback');
    throw err;
  }
  process.stdout.write(`Deleted the demo store ${SLUG} (--fresh)\n`);
}

function summary(config: AppConfig, storeId: string): string {
  const base = config.publicUrl;
  return [
    `  store:       ${SLUG} (${storeId})`,
    `  merchant:    ${DEMO_ADMIN.email} / ${DEMO_ADMIN.password} (StoreAdmin)`,
    `  customer:    ada@example.com / ${CUSTOMER_PASSWORD}`,
    `  promotion:   ${PROMOTION_CODE} (10% off)`,
    `  api:         ${base}/api/v1 (analytics: GET /api/v1/stores/${storeId}/analytics)`,
    `  Swagger UI:  ${base}/api/docs`,
    `  storefront:  ${base}/shop/${SLUG}`,
    '',
  ].join('\n');
}

/** Whatever was thrown, a line that says something, never `undefined`. */
export function describeError(err: unknown): string {
  if (err instanceof Error) {
    const text = err.stack || err.message || err.name;
    const inner = err instanceof AggregateError ? err.errors.map(describeError) : [];
    const cause = err.cause === undefined ? [] : [`caused by: ${describeError(err.cause)}`];
    return [text, ...inner, ...cause].join('\n');
  }
  if (err === undefined || err === null) {
    return `a step failed without saying why (${String(err)} was thrown)`;
  }
  if (typeof err === 'object') {
    try {
      return JSON.stringify(err);
    } catch {
      // fall through
    }
  }
  return String(err);
}

if (require.main === module) {
  void main().catch((err: unknown) => {
    process.stderr.write(`seed failed: ${describeError(err)}\n`);
    process.exit(1);
  });
}
