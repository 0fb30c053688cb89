// Entry of an api process started by e2e tests: the real api plus the test job types.
import 'reflect-metadata';
import { loadConfig } from '@silkcart/shared';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { TestJobsModule } from './test-jobs.module';

async function main() {
  const config = loadConfig();
  const app = await createApiApp(config, { extraModules: [TestJobsModule], openApi: false });
  await app.listen({ port: config.port, host: '127.0.0.1' });
  process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
