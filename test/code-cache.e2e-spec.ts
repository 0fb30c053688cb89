import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import Module from 'node:module';
import { join } from 'node:path';
import { Script } from 'node:vm';

// The build (`npm ci` builds through `prepare`) leaves V8's code cache of the api's bundle in
// dist/.v8-build, so that even the first `npm start` after an install, or in a fresh container,
// does not compile the bundle: scripts/start.js looks it up by the SHA-1 of the bundle and the
// Node version. A cache that is missing, named otherwise or refused by V8 would cost every such
// start about half a second, silently.
describe('the code cache the build leaves', () => {
  const dist = join(__dirname, '..', 'dist');
  const bundle = join(dist, 'api.js');

  it('is there for the built bundle, and V8 accepts it', () => {
    expect(existsSync(bundle)).toBe(true);
    const source = readFileSync(bundle, 'utf8');
    const hash = createHash('sha1').update(source).update(process.version).digest('hex');
    const cache = join(dist, '.v8-build', `${hash}.bin`);
    expect(existsSync(cache)).toBe(true);
    const script = new Script(Module.wrap(source), {
      filename: bundle,
      cachedData: readFileSync(cache),
    });
    expect(script.cachedDataRejected).toBe(false);
  });
});
