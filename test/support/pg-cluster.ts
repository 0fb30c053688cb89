import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pgBinDir } from './pg-standby';
import { freePort } from './processes';
import { describeWhen } from './requirements';

/** PostgreSQL refuses to run as root: then the cluster is the `postgres` user's. */
const asRoot = process.getuid?.() === 0;

/** Runs a server binary (as `postgres` under root) without blocking the test's event loop. */
function run(command: string, args: string[]): Promise<string> {
  const [file, argv] = asRoot
    ? ['runuser', ['-u', 'postgres', '--', command, ...args]]
    : [command, args];
  return new Promise((resolve, reject) => {
    execFile(file, argv, { encoding: 'utf8', timeout: 120_000 }, (err, stdout, stderr) =>
      err
        ? reject(new Error(`${command} ${args.join(' ')}: ${err.message}\n${stdout}\n${stderr}`))
        : resolve(stdout),
    );
  });
}

/** `describe` for a suite that needs initdb and pg_ctl; skipped on a machine without them. */
export function withPgBinaries(): jest.Describe {
  const found = !!pgBinDir && existsSync(join(pgBinDir, 'initdb'));
  return describeWhen(found ? null : 'no initdb/pg_ctl', 'TEST_REQUIRE_REPLICA');
}

/**
 * A throwaway PostgreSQL cluster of a test's own: `initdb` into a temporary folder (owned by
 * the `postgres` user when the test runs as root), trust authentication, listening on
 * 127.0.0.1 on a free port. `stop()` (a fast shutdown, as an operator's restart does) and
 * `start()` keep the data; `destroy()` removes it.
 */
export class PgCluster {
  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  static async create(): Promise<PgCluster> {
    const dir = mkdtempSync(join(tmpdir(), 'silkcart-pgcluster-'));
    if (asRoot) chownSync(dir, ...postgresIds());
    const cluster = new PgCluster(dir, await freePort());
    try {
      await run(join(pgBinDir as string, 'initdb'), [
        '-D',
        cluster.data,
        '-U',
        'postgres',
        '--auth=trust',
        '-E',
        'UTF8',
        '--locale=C',
      ]);
      await cluster.start();
      return cluster;
    } catch (err) {
      await cluster.destroy();
      throw err;
    }
  }

  get data(): string {
    return join(this.dir, 'data');
  }

  get logFile(): string {
    return join(this.dir, 'postgresql.log');
  }

  /** User `postgres` (a superuser), this port, database `name`. */
  urlFor(name = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${name}`;
  }

  get running(): boolean {
    return existsSync(join(this.data, 'postmaster.pid'));
  }

  async start(): Promise<void> {
    const options = [
      `-p ${this.port}`,
      '-c listen_addresses=127.0.0.1',
      `-c unix_socket_directories=${this.dir}`,
      '-c max_connections=100',
      '-c fsync=off',
      '-c logging_collector=off',
    ].join(' ');
    await run(join(pgBinDir as string, 'pg_ctl'), [
      '-D',
      this.data,
      '-l',
      this.logFile,
      '-w',
      '-t',
      '60',
      '-o',
      options,
      'start',
    ]);
  }

  /** A fast shutdown: sessions are terminated (57P01), their transactions rolled back. */
  async stop(): Promise<void> {
    if (!this.running) return;
    await run(join(pgBinDir as string, 'pg_ctl'), ['-D', this.data, '-m', 'fast', '-w', 'stop']);
  }

  async destroy(): Promise<void> {
    try {
      if (this.running) {
        await run(join(pgBinDir as string, 'pg_ctl'), [
          '-D',
          this.data,
          '-m',
          'immediate',
          '-w',
          'stop',
        ]);
      }
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}

function postgresIds(): [number, number] {
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return [uid, gid];
}
