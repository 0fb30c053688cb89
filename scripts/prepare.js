#!/usr/bin/env node
// `prepare` (npm ci, npm install): build once, so that `npm start` starts at once. Skipped where
// there is nothing to build with: an install before the sources are copied (the Dockerfile's
// dependency layers) or without the dev dependencies (`npm ci --omit=dev`).
const { spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const canBuild = ['apps', 'tsconfig.build.json', 'node_modules/typescript'].every((p) =>
  existsSync(join(root, p)),
);
if (!canBuild) process.exit(0);
const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
process.exit(build.status ?? 1);
