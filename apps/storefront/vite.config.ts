import preact from '@preact/preset-vite';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** The sample storefront: built into dist/storefront, served by the api at /shop/. */
export default defineConfig({
  root: here('.'),
  base: '/shop/',
  plugins: [preact()],
  build: {
    outDir: here('../../dist/storefront'),
    emptyOutDir: true,
    // No inline data: URLs for assets (the page's CSP allows its own files).
    assetsInlineLimit: 0,
  },
});
