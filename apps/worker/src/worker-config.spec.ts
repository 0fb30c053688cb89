import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '@silkcart/shared';

const dataDir = () => mkdtempSync(join(tmpdir(), 'silkcart-wcfg-'));
const forWorker = (env: NodeJS.ProcessEnv) =>
  loadConfig({ DATA_DIR: dataDir(), ...env }, { app: 'worker' });

describe('the worker configuration', () => {
  it('serves on port 3001 unless PORT says otherwise, while links still point at the api', () => {
    const config = forWorker({});
    expect(config.port).toBe(3001);
    expect(config.publicUrl).toBe('http://localhost:3000');
    expect(forWorker({ PORT: '9464' }).port).toBe(9464);
    expect(loadConfig({ DATA_DIR: dataDir() }).port).toBe(3000);
  });

  it('runs WORKER_CONCURRENCY jobs at once on every queue unless a queue has its own', () => {
    expect(forWorker({}).jobs.queueConcurrency).toEqual({ default: 4, email: 4, scheduled: 4 });
    const config = forWorker({ WORKER_CONCURRENCY: '8', WORKER_CONCURRENCY_EMAIL: '2' });
    expect(config.jobs.concurrency).toBe(8);
    expect(config.jobs.queueConcurrency).toEqual({ default: 8, email: 2, scheduled: 8 });
  });

  it('refuses a queue concurrency out of range or for a queue that does not exist', () => {
    expect(() => forWorker({ WORKER_CONCURRENCY_EMAIL: '0' })).toThrow(/WORKER_CONCURRENCY_EMAIL/);
    expect(() => forWorker({ WORKER_CONCURRENCY_DEFAULT: 'many' })).toThrow(ConfigError);
    expect(() => forWorker({ WORKER_CONCURRENCY_EMAILS: '2' })).toThrow(
      /WORKER_CONCURRENCY_EMAILS: no such queue \(queues: default, email, scheduled\)/,
    );
  });
});
