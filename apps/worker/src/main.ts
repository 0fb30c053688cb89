import 'reflect-metadata';
import { ConfigError, loadConfig } from '@silkcart/shared';
import { runWorker } from './bootstrap';

function config() {
  try {
    const cfg = loadConfig(process.env, { app: 'worker' });
    if (!cfg.databaseUrl || !cfg.redisUrl) {
      throw new ConfigError(
        'Invalid configuration:\n  DATABASE_URL, REDIS_URL: the worker needs both (without Redis the api runs jobs itself)',
      );
    }
    return cfg;
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78);
    }
    throw err;
  }
}

void runWorker(config(), [], { http: true })
  // One line for whoever waits on the worker (a script, a test): it consumes, and its probes
  // and metrics answer on PORT (3001 unless set), from now on.
  .then(() => process.stdout.write('worker ready\n'))
  .catch((err: unknown) => {
    process.stderr.write(
      `worker failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  });
