// Jest on Node 20 cannot require() ES modules, and NestJS 12 (among others) ships only ESM.
// Our TypeScript and any ESM file under node_modules go through SWC to CommonJS; CommonJS
// files under node_modules pass untouched.
const { createTransformer } = require('@swc/jest');
const fs = require('node:fs');
const path = require('node:path');

const swc = createTransformer({ swcrc: true });
const esmJs = createTransformer({
  swcrc: false,
  jsc: { parser: { syntax: 'ecmascript' }, target: 'es2023' },
  module: { type: 'commonjs', ignoreDynamic: false },
});
const typeCache = new Map();

function packageType(file) {
  let dir = path.dirname(file);
  const seen = [];
  while (dir !== path.dirname(dir)) {
    if (typeCache.has(dir)) break;
    seen.push(dir);
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg)) {
      const type = JSON.parse(fs.readFileSync(pkg, 'utf8')).type === 'module' ? 'module' : 'commonjs';
      typeCache.set(dir, type);
      break;
    }
    dir = path.dirname(dir);
  }
  const type = typeCache.get(dir) ?? 'commonjs';
  for (const d of seen) typeCache.set(d, type);
  return type;
}

// globalSetup runs in Jest's parent process (no JEST_WORKER_ID), where Node 20 loads ESM
// through require() by itself; only the test runtime needs the conversion.
function isEsm(file) {
  if (!process.env.JEST_WORKER_ID) return false;
  return file.endsWith('.mjs') || (file.endsWith('.js') && packageType(file) === 'module');
}

module.exports = {
  process(source, file, options) {
    if (file.endsWith('.ts')) return swc.process(source, file, options);
    if (isEsm(file)) return esmJs.process(source, file, options);
    return { code: source };
  },
  getCacheKey(source, file, options) {
    return (file.endsWith('.ts') ? swc : esmJs).getCacheKey(source, file, options) + (isEsm(file) ? 'esm' : 'cjs');
  },
};
