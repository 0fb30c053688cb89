#!/usr/bin/env node
// `npm start` (and the image's command): builds only when a source changed since the last build
// (npm ci builds once, through `prepare`), then runs the api's bundle, dist/api.js, in this same
// process, through V8's code cache (below).
const { spawnSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} = require('node:fs');
const Module = require('node:module');
const { dirname, join } = require('node:path');
const vm = require('node:vm');

const root = join(__dirname, '..');
const stamp = join(root, 'dist', '.built');
const bundle = join(root, 'dist', 'api.js');
const SOURCES = [
  'apps',
  'libs',
  'migrations',
  'tsconfig.json',
  'tsconfig.build.json',
  'rolldown.config.mjs',
  'package-lock.json',
];

/** The newest modification time under `path` (files that a build reads). */
function newest(path) {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let latest = 0;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    latest = Math.max(latest, newest(join(path, entry)));
  }
  return latest;
}

// `--warm-cache` (a step of `npm run build`): see runCached.
const warm = process.argv.includes('--warm-cache');

const builtAt = existsSync(stamp) && existsSync(bundle) ? statSync(stamp).mtimeMs : 0;
const changedAt = Math.max(
  ...SOURCES.map((s) => join(root, s))
    .filter(existsSync)
    .map(newest),
);
if (!warm && changedAt > builtAt) {
  process.stdout.write('sources changed since the last build: building (npm run build)\n');
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

/** Writes the script's code cache to `file` (replacing the directory's others), if it can. */
function writeCache(script, file) {
  try {
    const data = script.createCachedData();
    mkdirSync(dirname(file), { recursive: true });
    for (const old of readdirSync(dirname(file))) rmSync(join(dirname(file), old), { force: true });
    const partial = `${file}.${process.pid}`;
    writeFileSync(partial, data);
    renameSync(partial, file);
  } catch {
    // A read-only dist/: start with the build's cache (or none) next time too.
  }
}

function readOrUndefined(file) {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/**
 * Runs `file` as a CommonJS module compiled with V8's code cache: compiling the 10 MB bundle
 * takes about 0.6 s of every start, reading back its bytecode about 0.1 s (Node 20 has no
 * module compile cache of its own). Caches are named by the SHA-1 of the bundle and the Node
 * version (a rebuilt bundle never meets an old cache), in two places:
 * - dist/.v8-build, written by `npm run build` (`--warm-cache`): the bundle run until every
 *   module is loaded (the api's main() stops at its first wait), then cached, so that even the
 *   first start after an install or in a fresh container finds its modules compiled;
 * - dist/.v8-cache, written by the first start that finds none there, once the api is up (10 s
 *   after starting, or at exit if sooner), and again whenever V8 refuses it (other V8 flags):
 *   everything startup compiled, Nest's init included. Without a writable dist/ (a read-only
 *   image without that volume) the api starts with the build's cache.
 */
function runCached(file) {
  const source = readFileSync(file, 'utf8');
  const hash = createHash('sha1').update(source).update(process.version).digest('hex');
  const runtimeCache = join(dirname(file), '.v8-cache', `${hash}.bin`);
  const buildCache = join(dirname(file), '.v8-build', `${hash}.bin`);
  const own = warm ? undefined : readOrUndefined(runtimeCache);
  const script = new vm.Script(Module.wrap(source), {
    filename: file,
    cachedData: warm ? undefined : (own ?? readOrUndefined(buildCache)),
    // The bundle's import() of packages left outside it (the embedded PostgreSQL).
    importModuleDynamically: (specifier) => import(specifier),
  });
  if (warm) {
    // No database, server or log of its own: the modules load, main() reaches its first await,
    // and the process ends there (whatever code main() asked for), writing the cache.
    process.env.DATABASE_URL = 'postgres://warm-cache@127.0.0.1:1/none';
    process.env.MIGRATIONS_RUN = 'false';
    process.env.JWT_SECRET ||= 'warm-cache-only-never-signs-anything-0000';
    process.once('exit', () => {
      writeCache(script, buildCache);
      process.exitCode = 0;
    });
  } else if (!own || script.cachedDataRejected) {
    let written = false;
    const write = () => {
      if (written) return;
      written = true;
      writeCache(script, runtimeCache);
    };
    setTimeout(write, 10_000).unref();
    process.once('exit', write);
  }
  const mod = new Module(file, module);
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(dirname(file));
  const compiled = script.runInThisContext();
  compiled.call(mod.exports, mod.exports, Module.createRequire(file), mod, file, dirname(file));
  if (warm) process.exit(0);
}

runCached(bundle);
