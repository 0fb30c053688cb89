import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { request, waitFor } from './http';

const ROOT = join(__dirname, '..', '..');

export interface Child {
  proc: ChildProcess;
  output: () => string;
  /** Resolves once the output contains `text`. */
  waitForOutput(text: string, timeoutMs?: number): Promise<void>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Runs a TypeScript entry file as a real Node process (through @swc-node/register). */
export function spawnTs(entry: string, env: NodeJS.ProcessEnv): Child {
  return spawnCommand(process.execPath, ['-r', '@swc-node/register', join(ROOT, entry)], env);
}

/**
 * Runs a command from the repository root in a process group of its own (`npm start` runs
 * node under npm under a shell: a signal goes to the whole group).
 */
export function spawnCommand(command: string, args: string[], env: NodeJS.ProcessEnv): Child {
  const entry = [command, ...args].join(' ');
  const proc = spawn(command, args, {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  return {
    proc,
    output: () => out,
    waitForOutput: async (text, timeoutMs = 30_000) => {
      const until = Date.now() + timeoutMs;
      while (!out.includes(text)) {
        if (proc.exitCode !== null) throw new Error(`${entry} exited:\n${out}`);
        if (Date.now() > until) throw new Error(`${entry} did not print "${text}":\n${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    kill: async (signal = 'SIGTERM') => {
      if (proc.exitCode === null && proc.signalCode === null) {
        try {
          process.kill(-(proc.pid as number), signal);
        } catch {
          proc.kill(signal);
        }
      }
      await exited;
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(),
      );
    });
  });
}

/**
 * The environment of an api or worker process a test starts: its database, the run's Redis
 * (or none: in-process jobs), a queue prefix and a data folder of its own, fast job timings.
 */
export function processEnv(
  databaseUrl: string,
  port: number,
  extra: NodeJS.ProcessEnv = {},
): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'test',
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.REDIS_URL ?? '',
    QUEUE_PREFIX: `p${randomBytes(4).toString('hex')}`,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'silkcart-proc-')),
    JOB_BACKOFF_MS: '50',
    OUTBOX_POLL_MS: '100',
    LOG_LEVEL: 'warn',
    STOREFRONT_RATE_LIMIT: '100000',
    API_KEY_RATE_LIMIT: '100000',
    ...extra,
  };
}

/** The api with the test routes as a process, once it answers ready on `env.PORT`. */
export async function startApiProcess(env: NodeJS.ProcessEnv): Promise<Child> {
  const child = spawnTs('test/support/api-process.ts', env);
  const ready = `http://127.0.0.1:${env.PORT}/health/ready`;
  await waitFor(
    async () => (await request(ready, 'GET').catch(() => null))?.status === 200,
    30_000,
    () => `api ready\n${child.output()}`,
  );
  return child;
}

/** The worker with the test job types as a process, once it consumes. */
export async function startWorkerProcess(
  env: NodeJS.ProcessEnv,
  entry = 'test/support/worker-process.ts',
): Promise<Child> {
  const child = spawnTs(entry, env);
  await child.waitForOutput('worker ready');
  return child;
}
