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

const builtAt = existsSync(stamp) && existsSync(bundle) ? statSync(stamp).mtimeMs : 0;
const changedAt = Math.max(
  ...SOURCES.map((s) => join(root, s))
    .filter(existsSync)
    .map(newest),
);
if (changedAt > builtAt) {
  process.stdout.write('sources changed since the last build: building (npm run build)\n');
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

/**
 * Runs `file` as a CommonJS module compiled with V8's code cache: compiling the 10 MB bundle
 * takes about 0.6 s of every start, reading back its bytecode about 0.1 s (Node 20 has no
 * module compile cache of its own). The cache lives in dist/.v8-cache, one file named by the
 * SHA-1 of the bundle and the Node version (a rebuilt bundle never meets an old cache); it is
 * written by the first start after a build, once the api is up (10 s after starting, or at exit
 * if sooner), and again whenever V8 refuses it (other V8 flags). Without a writable dist/ the
 * api starts uncached.
 */
function runCached(file) {
  const source = readFileSync(file, 'utf8');
  const cacheDir = join(dirname(file), '.v8-cache');
  const hash = createHash('sha1').update(source).update(process.version).digest('hex');
  const cacheFile = join(cacheDir, `${hash}.bin`);
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(source), {
    filename: file,
    cachedData,
    // The bundle's import() of packages left outside it (the embedded PostgreSQL).
    importModuleDynamically: (specifier) => import(specifier),
  });
  if (!cachedData || script.cachedDataRejected) {
    let written = false;
    const write = () => {
      if (written) return;
      written = true;
      try {
        const data = script.createCachedData();
        mkdirSync(cacheDir, { recursive: true });
        for (const old of readdirSync(cacheDir)) rmSync(join(cacheDir, old), { force: true });
        const partial = `${cacheFile}.${process.pid}`;
        writeFileSync(partial, data);
        renameSync(partial, cacheFile);
      } catch {
        // A read-only dist/: start uncached next time too.
      }
    };
    setTimeout(write, 10_000).unref();
    process.once('exit', write);
  }
  const mod = new Module(file, module);
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(dirname(file));
  const compiled = script.runInThisContext();
  compiled.call(mod.exports, mod.exports, Module.createRequire(file), mod, file, dirname(file));
}

runCached(bundle);
