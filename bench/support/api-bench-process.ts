// The api as benchmarks run it: a real process with the bench-only routes.
import 'reflect-metadata';
import { loadConfig } from '@silkcart/shared';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { setFixedBody, TenantBenchModule } from './tenant-bench.module';

async function main() {
  const config = loadConfig();
  if (process.env.BENCH_FIXED_BODY) setFixedBody(process.env.BENCH_FIXED_BODY);
  const app = await createApiApp(config, { extraModules: [TenantBenchModule], openApi: false });
  await app.listen({ port: config.port, host: '127.0.0.1' });
  process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
