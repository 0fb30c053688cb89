import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from '@silkcart/shared';
import type { FastifyReply } from 'fastify';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** `dist/storefront` of the checkout or image this file runs from (the nearest folder with package.json). */
export function storefrontDir(from: string = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'dist', 'storefront');
}

const origin = (url: string | null) => {
  try {
    return url ? new URL(url).origin : null;
  } catch {
    return null;
  }
};

/**
 * The sample storefront's page policy: its own scripts and styles only (no inline ones), API
 * calls to the same origin, images from the api's uploads (PUBLIC_URL, which may name another
 * host than the one the page was reached by) or object storage.
 */
export function storefrontCsp(config: AppConfig): string {
  const images = new Set([`'self'`, 'data:', 'https:']);
  const s3 = config.storage.s3;
  for (const o of [config.publicUrl, s3.publicUrl, s3.endpoint].map(origin)) if (o) images.add(o);
  return [
    `default-src 'self'`,
    `script-src 'self'`,
    `style-src 'self'`,
    `img-src ${[...images].join(' ')}`,
    `connect-src 'self'`,
    `base-uri 'self'`,
    `form-action 'self'`,
    `frame-ancestors 'self'`,
    `object-src 'none'`,
  ].join('; ');
}

/**
 * Serves the built sample storefront (`npm run build:storefront`) at `/shop/`: hashed assets
 * under `/shop/assets/`, and index.html for every other `/shop/...` path, the app routing on the
 * client (`/shop/{storeSlug}/...`). Public, outside Nest's routes and guards, like the uploads.
 * Not built: nothing is registered, and `/shop/...` is the api's 404 problem.
 */
export async function serveStorefront(
  app: NestFastifyApplication,
  config: AppConfig,
  dir: string = storefrontDir(),
): Promise<boolean> {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) return false;
  if (existsSync(join(dir, 'assets'))) {
    await app.register(fastifyStatic, {
      root: join(dir, 'assets'),
      prefix: '/shop/assets/',
      decorateReply: false,
      immutable: true,
      maxAge: '365d',
      index: false,
    });
  }
  const csp = storefrontCsp(config);
  const page = async (_request: unknown, reply: FastifyReply) => {
    const html = await readFile(index).catch(() => null);
    // Removed since startup (a rebuild under way): the 404 problem, as when never built.
    if (!html) return reply.callNotFound();
    return reply
      .header('content-security-policy', csp)
      .header('cache-control', 'no-cache')
      .type('text/html; charset=utf-8')
      .send(html);
  };
  const fastify = app.getHttpAdapter().getInstance();
  fastify.get('/shop', page);
  fastify.get('/shop/*', page);
  return true;
}
