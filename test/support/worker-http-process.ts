// Entry of a worker process as main.ts runs it (probes and metrics on PORT), plus the test
// job types. worker-process.ts runs without HTTP: its callers give it the api's PORT.
import 'reflect-metadata';
import { loadConfig } from '@silkcart/shared';
import { runWorker } from '../../apps/worker/src/bootstrap';
import { TestJobsModule } from './test-jobs.module';

void runWorker(loadConfig(process.env, { app: 'worker' }), [TestJobsModule], { http: true })
  .then(() => process.stdout.write('worker ready\n'))
  .catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
