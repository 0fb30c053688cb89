/**
 * `npm run seed -- --products 2000`: a demo store with a StoreAdmin, categories and
 * products (three variants each), on DATABASE_URL or the embedded PostgreSQL like `npm start`.
 */
import 'reflect-metadata';
import { loadConfig } from '@silkcart/shared';
import { startEmbeddedPostgres } from '@silkcart/shared/database/embedded-postgres';
import { createApiApp } from '../apps/api/src/bootstrap';
import { seedCatalog } from './seed-catalog';

async function main(): Promise<void> {
  const flag = process.argv.indexOf('--products');
  const products = flag >= 0 ? Number(process.argv[flag + 1]) : 200;
  if (!Number.isInteger(products) || products < 1 || products > 100_000) {
    throw new Error('--products takes a whole number from 1 to 100000');
  }
  let config = loadConfig({
    ...process.env,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    AUTH_RATE_LIMIT: '100000',
  });
  const embedded = config.databaseUrl
    ? null
    : await startEmbeddedPostgres(config.dataDir, config.embeddedPgPort);
  if (embedded) config = { ...config, databaseUrl: embedded.url };
  const app = await createApiApp(config, { openApi: false });
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.getHttpServer().address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const started = Date.now();
    const seeded = await seedCatalog(app, base, config.dataDir, products);
    process.stdout.write(
      [
        `Seeded ${seeded.products} products in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
        `  store:      ${seeded.storeSlug} (${seeded.storeId})`,
        `  StoreAdmin: ${seeded.email} / ${seeded.password}`,
        `  storefront: ${config.publicUrl}/api/v1/catalog/${seeded.storeSlug}/products`,
        '',
      ].join('\n'),
    );
  } finally {
    await app.close();
    await embedded?.stop();
  }
}

void main().catch((err: unknown) => {
  process.stderr.write(
    `seed failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
