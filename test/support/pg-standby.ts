import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from './processes';
import { describeWhen } from './requirements';

/** PostgreSQL's server binaries (pg_ctl, pg_basebackup), or null when this machine has none. */
function findBinDir(): string | null {
  const has = (dir: string) =>
    existsSync(join(dir, 'pg_ctl')) && existsSync(join(dir, 'pg_basebackup'));
  try {
    const dir = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
    if (has(dir)) return dir;
  } catch {
    // no pg_config: look where Debian puts them
  }
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  return versions.map((v) => join(root, v, 'bin')).find(has) ?? null;
}

export const pgBinDir = findBinDir();

/**
 * `describe` for a suite that needs a streaming standby of the test PostgreSQL. Without the
 * binaries it is skipped, unless `TEST_REQUIRE_REPLICA=1` (CI): then it fails the run.
 */
export function withStandby(): jest.Describe {
  // The embedded PostgreSQL (npm test without DATABASE_URL) is another major version than the
  // machine's pg_basebackup and takes passwords: the standby is built from a real server only.
  const realServer = !!process.env.DATABASE_URL && process.env.TEST_EMBEDDED_PG !== '1';
  const missing = !pgBinDir
    ? 'no pg_basebackup/pg_ctl'
    : !realServer
      ? 'no PostgreSQL of the machine (DATABASE_URL unset: the embedded one)'
      : null;
  return describeWhen(missing, 'TEST_REQUIRE_REPLICA');
}

/** PostgreSQL refuses to run as root: then the cluster is the `postgres` user's. */
const asRoot = process.getuid?.() === 0;

function run(command: string, args: string[]): string {
  const [file, argv] = asRoot
    ? ['runuser', ['-u', 'postgres', '--', command, ...args]]
    : [command, args];
  const res = spawnSync(file, argv, { encoding: 'utf8', timeout: 120_000 });
  if (res.status !== 0) {
    throw new Error(`${command} ${args.join(' ')}: ${res.status}\n${res.stdout}\n${res.stderr}`);
  }
  return res.stdout;
}

/**
 * A hot standby of the PostgreSQL at DATABASE_URL, streaming from it: `pg_basebackup -R -X
 * stream` into a temporary folder, started by pg_ctl on a free port with every statement logged
 * (`application_name|statement`), so a test can see what reached it.
 */
export class PgStandby {
  private constructor(
    private readonly primaryUrl: string,
    readonly dir: string,
    readonly port: number,
  ) {}

  static async start(primaryUrl: string): Promise<PgStandby> {
    const dir = mkdtempSync(join(tmpdir(), 'silkcart-standby-'));
    if (asRoot) chownSync(dir, ...postgresIds());
    const standby = new PgStandby(primaryUrl, dir, await freePort());
    try {
      await dropStaleSlots(primaryUrl);
      const primary = new URL(primaryUrl);
      run(join(pgBinDir as string, 'pg_basebackup'), [
        '-h',
        primary.hostname,
        '-p',
        primary.port || '5432',
        '-U',
        decodeURIComponent(primary.username || 'postgres'),
        '-D',
        standby.data,
        '-R',
        '-X',
        'stream',
        '-c',
        'fast',
        // A slot: the primary keeps the WAL the standby has not received while it is paused
        // or down (busy test servers recycle segments within minutes). Dropped by destroy().
        '-C',
        '-S',
        standby.slot,
      ]);
      // Debian keeps the configuration outside the data folder: the standby gets its own.
      for (const [file, text] of [
        ['postgresql.conf', ''],
        ['pg_hba.conf', 'local all all trust\nhost all all 127.0.0.1/32 trust\n'],
        ['pg_ident.conf', ''],
      ]) {
        const path = join(standby.data, file);
        if (file !== 'postgresql.conf' || !existsSync(path)) writeFileSync(path, text);
        if (asRoot) chownSync(path, ...postgresIds());
      }
      standby.settings = await primarySettings(primaryUrl);
      await standby.startServer();
      return standby;
    } catch (err) {
      await standby.destroy();
      throw err;
    }
  }

  /** The physical replication slot on the primary: the run's pid, so a crashed run's is found. */
  readonly slot = `${SLOT_PREFIX}${process.pid}_${randomBytes(3).toString('hex')}`;

  /** Settings a standby may not have below its primary's. */
  private settings: string[] = [];

  get data(): string {
    return join(this.dir, 'data');
  }

  get logFile(): string {
    return join(this.dir, 'postgresql.log');
  }

  /** DATABASE_URL's user, this port, database `name`. */
  urlFor(name: string): string {
    const url = new URL(this.primaryUrl);
    url.hostname = '127.0.0.1';
    url.port = String(this.port);
    url.pathname = `/${name}`;
    return url.toString();
  }

  async startServer(): Promise<void> {
    const options = [
      `-p ${this.port}`,
      '-c listen_addresses=127.0.0.1',
      `-c unix_socket_directories=${this.dir}`,
      '-c hot_standby=on',
      `-c hba_file=${join(this.data, 'pg_hba.conf')}`,
      `-c ident_file=${join(this.data, 'pg_ident.conf')}`,
      '-c ssl=off',
      '-c logging_collector=off',
      '-c log_statement=all',
      `-c log_line_prefix='%a|'`,
      ...this.settings,
    ].join(' ');
    run(join(pgBinDir as string, 'pg_ctl'), [
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

  async stopServer(): Promise<void> {
    if (!existsSync(join(this.data, 'postmaster.pid'))) return;
    run(join(pgBinDir as string, 'pg_ctl'), ['-D', this.data, '-m', 'immediate', '-w', 'stop']);
  }

  /** A query on the standby as DATABASE_URL's user (a superuser in tests: no row-level security). */
  async sql<T = Record<string, unknown>>(
    db: string,
    query: string,
    params?: unknown[],
  ): Promise<T[]> {
    const client = new Client({
      connectionString: this.urlFor(db),
      application_name: 'standby-test',
    });
    client.on('error', () => undefined); // a restart or conflict: the query fails instead
    await client.connect();
    try {
      return (await client.query(query, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  /** Waits until the standby has replayed everything the primary has written so far. */
  async caughtUp(timeoutMs = 30_000): Promise<void> {
    const primary = new Client({ connectionString: this.primaryUrl });
    await primary.connect();
    let lsn: string;
    try {
      lsn = (await primary.query('select pg_current_wal_lsn()::text as lsn')).rows[0].lsn;
    } finally {
      await primary.end();
    }
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const [row] = await this.sql<{ done: boolean }>(
        'postgres',
        'select pg_last_wal_replay_lsn() >= $1::pg_lsn as done',
        [lsn],
      );
      if (row.done) return;
      if (Date.now() > deadline) throw new Error(`standby did not replay up to ${lsn}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** The log's length now: `logSince` answers what was written after it. */
  logOffset(): number {
    return existsSync(this.logFile) ? readFileSync(this.logFile).length : 0;
  }

  /** Statement lines logged since `offset` by connections named `application`. */
  logSince(offset: number, application: string): string[] {
    const text = readFileSync(this.logFile).subarray(offset).toString('utf8');
    // A statement may span lines; each entry starts with its prefix and a severity.
    return text
      .split(/\n(?=[^\s|]*\|(?:LOG|ERROR|FATAL|STATEMENT|DETAIL|HINT|CONTEXT|WARNING):)/)
      .filter((entry) => entry.startsWith(`${application}|`))
      .map((entry) => entry.slice(application.length + 1));
  }

  /** FATAL and ERROR entries of the log (what the standby refused or lost). */
  problems(): string[] {
    return readFileSync(this.logFile, 'utf8')
      .split('\n')
      .filter((line) => /\|(FATAL|ERROR|PANIC):/.test(line));
  }

  async destroy(): Promise<void> {
    try {
      await this.stopServer();
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
      await primaryQuery(
        this.primaryUrl,
        `select pg_drop_replication_slot(slot_name) from pg_replication_slots
          where slot_name = $1 and not active`,
        [this.slot],
      );
    }
  }
}

const SLOT_PREFIX = 'silkcart_test_standby_';

async function primaryQuery(url: string, query: string, params: unknown[] = []): Promise<void> {
  const client = new Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query(query, params);
  } finally {
    await client.end();
  }
}

/** Slots of runs that died before their afterAll (their pid gone): they would keep WAL forever. */
async function dropStaleSlots(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ slot_name: string }>(
      `select slot_name from pg_replication_slots where slot_name like $1 and not active`,
      [`${SLOT_PREFIX}%`],
    );
    for (const { slot_name: slot } of rows) {
      const pid = Number(slot.slice(SLOT_PREFIX.length).split('_')[0]);
      let alive = true;
      try {
        process.kill(pid, 0);
      } catch {
        alive = false;
      }
      if (!alive) await client.query('select pg_drop_replication_slot($1)', [slot]);
    }
  } finally {
    await client.end();
  }
}

function postgresIds(): [number, number] {
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return [uid, gid];
}

async function primarySettings(url: string): Promise<string[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string; setting: string }>(
      `select name, setting from pg_settings
        where name in ('max_connections', 'max_worker_processes', 'max_wal_senders',
                       'max_prepared_transactions', 'max_locks_per_transaction')`,
    );
    return rows.map((r) => `-c ${r.name}=${r.setting}`);
  } finally {
    await client.end();
  }
}
