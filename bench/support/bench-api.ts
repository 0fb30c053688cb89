import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request, waitFor } from '../../test/support/http';
import { Child, freePort, spawnTs } from '../../test/support/processes';

/** How benchmarks run the api: production mode, warn-level logs, no rate limit in the way. */
export function benchEnv(databaseUrl: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'production',
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret-123',
    DATABASE_URL: databaseUrl,
    REDIS_URL: '',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'silkcart-bench-')),
    LOG_LEVEL: 'warn',
    AUTH_RATE_LIMIT: '100000',
    STOREFRONT_RATE_LIMIT: '1000000',
    API_KEY_RATE_LIMIT: '1000000',
    ...extra,
  };
}

/** The api as a separate process on a free port, once it answers ready. */
export async function startBenchApi(env: NodeJS.ProcessEnv): Promise<{ api: Child; base: string }> {
  const port = await freePort();
  const api = spawnTs('bench/support/api-bench-process.ts', { ...env, PORT: String(port) });
  const base = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => (await request(`${base}/health/ready`, 'GET').catch(() => null))?.status === 200,
    60_000,
    () => api.output(),
  );
  return { api, base };
}
