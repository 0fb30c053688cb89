// Entry of a worker process started by e2e tests: the real worker plus the test job types.
import 'reflect-metadata';
import { loadConfig } from '@silkcart/shared';
import { runWorker } from '../../apps/worker/src/bootstrap';
import { TestJobsModule } from './test-jobs.module';

void runWorker(loadConfig(), [TestJobsModule])
  .then(() => process.stdout.write('worker ready\n'))
  .catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
