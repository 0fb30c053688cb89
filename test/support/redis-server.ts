import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from './http';
import { describeWhen } from './requirements';
import { freePort } from './processes';

/** Whether this machine has the redis-server binary (CI's does: .ci/run starts one). */
export const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;

/**
 * `describe` for a suite that needs Redis. Without it the suite is skipped on a developer's
 * machine (the README's `npm test` needs only Node and npm), but CI sets
 * `TEST_REQUIRE_REDIS=1`: there a missing Redis fails the run instead of skipping the suite.
 */
export function withRedis(available: boolean): jest.Describe {
  return describeWhen(available ? null : 'no Redis', 'TEST_REQUIRE_REDIS');
}

/**
 * A Redis of a test's own, on a free port, with an append-only file as production runs it:
 * it can be stopped and started again (an outage) and keeps its data across.
 */
export class RedisServer {
  private proc: ChildProcess | null = null;
  private readonly dir = mkdtempSync(join(tmpdir(), 'silkcart-redis-'));

  private constructor(readonly port: number) {}

  static async start(): Promise<RedisServer> {
    const server = new RedisServer(await freePort());
    await server.start();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir];
    this.proc = spawn('redis-server', [...args, '--appendonly', 'yes', '--save', ''], {
      stdio: 'ignore',
    });
    await waitFor(
      async () =>
        spawnSync('redis-cli', ['-p', String(this.port), 'ping'])
          .stdout?.toString()
          .trim() === 'PONG',
      10_000,
      'the test Redis to answer',
    );
  }

  async stop(): Promise<void> {
    const proc = this.proc;
    this.proc = null;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGTERM');
    await exited;
  }
}
