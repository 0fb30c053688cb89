/**
 * `npm run clients`: writes what is generated from docs/openapi.json and kept in the repository,
 * the typed client's schema (openapi-typescript) and the Postman collection
 * (openapi-to-postmanv2). `npm run clients:check` (`--check`) generates both in memory and fails,
 * naming the files, when they differ from the files in the tree.
 *
 * The output depends on the document alone: the collection's random ids become ids derived from
 * each entry's place in the collection, and its faked example values come from a fixed seed, with
 * fixed dates and UUIDs (they would otherwise change on every run).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import openapiTS, { astToString, COMMENT_HEADER, type OpenAPI3 } from 'openapi-typescript';
import { convert, type Options as PostmanOptions } from 'openapi-to-postmanv2';

export const OPENAPI_FILE = 'docs/openapi.json';
export const SCHEMA_FILE = 'clients/typescript/src/schema.d.ts';
export const POSTMAN_FILE = 'docs/postman/silkcart.postman_collection.json';

export interface GeneratedFile {
  /** Relative to the repository root, `/`-separated. */
  path: string;
  contents: string;
}

/** Both generated files, from an OpenAPI document (the parsed JSON). */
export async function generateClients(document: OpenAPI3): Promise<GeneratedFile[]> {
  return [
    { path: SCHEMA_FILE, contents: await generateSchema(document) },
    { path: POSTMAN_FILE, contents: await generatePostman(document) },
  ];
}

/** The generated files whose contents differ from (or are missing in) the tree at `root`. */
export function differingFiles(root: string, files: GeneratedFile[]): string[] {
  return files
    .filter((file) => {
      try {
        return readFileSync(join(root, file.path), 'utf8') !== file.contents;
      } catch {
        return true;
      }
    })
    .map((file) => file.path);
}

/** What `clients:check` does: generate from `root`'s docs/openapi.json and compare. */
export async function checkClients(root: string): Promise<string[]> {
  return differingFiles(root, await generateClients(readDocument(root)));
}

export function readDocument(root: string): OpenAPI3 {
  return JSON.parse(readFileSync(join(root, OPENAPI_FILE), 'utf8')) as OpenAPI3;
}

async function generateSchema(document: OpenAPI3): Promise<string> {
  const ast = await openapiTS(structuredClone(document));
  return `${COMMENT_HEADER}${astToString(ast)}`;
}

// --- Postman ---

interface JsonSchemaFaker {
  option(options: Record<string, unknown>): void;
  format(name: string, generate: () => string): void;
}

// The faker openapi-to-postmanv2 fills example bodies with (one module instance, shared).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const faker = require('openapi-to-postmanv2/assets/json-schema-faker.js') as JsonSchemaFaker;

const POSTMAN_OPTIONS: PostmanOptions = {
  folderStrategy: 'Tags',
  requestNameSource: 'Fallback',
  parametersResolution: 'Schema',
};
const FIXED_FORMATS: Record<string, string> = {
  'date-time': '2025-01-01T00:00:00.000Z',
  date: '2025-01-01',
  time: '00:00:00Z',
  uuid: '00000000-0000-4000-8000-000000000000',
};

async function generatePostman(document: OpenAPI3): Promise<string> {
  // Reseeded before every conversion, so the output does not depend on earlier ones.
  faker.option({ random: seededRandom(0x5c1c) });
  for (const [format, value] of Object.entries(FIXED_FORMATS)) faker.format(format, () => value);
  const collection = await new Promise<PostmanCollection>((resolve, reject) => {
    convert({ type: 'json', data: structuredClone(document) }, POSTMAN_OPTIONS, (err, result) => {
      if (err || !result) return reject(err ?? new Error('openapi-to-postmanv2: no result'));
      if (!result.result) return reject(new Error(`openapi-to-postmanv2: ${result.reason}`));
      const output = result.output?.[0] as { data?: unknown } | undefined;
      resolve(output?.data as PostmanCollection);
    });
  });
  collection.info = { ...collection.info, _postman_id: stableId('collection') };
  collection.variable = [
    { key: 'baseUrl', value: 'http://localhost:3000', type: 'string' },
    { key: 'bearerToken', value: '', type: 'string' },
  ];
  return `${JSON.stringify(withStableIds(collection, 'collection'), null, 2)}\n`;
}

type PostmanCollection = {
  info?: Record<string, unknown>;
  variable?: unknown[];
  [key: string]: unknown;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Replaces every random `id` with one derived from the entry's names along its path. */
function withStableIds<T>(value: T, path: string): T {
  if (Array.isArray(value)) {
    return value.map((entry, i) => withStableIds(entry, `${path}/${entryKey(entry, i)}`)) as T;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).map(([key, entry]) =>
      key === 'id' && typeof entry === 'string' && UUID.test(entry)
        ? [key, stableId(path)]
        : [key, withStableIds(entry, `${path}.${key}`)],
    );
    return Object.fromEntries(entries) as T;
  }
  return value;
}

/** An array entry's key: its name (and method) where it has one, so ids survive reordering. */
function entryKey(entry: unknown, index: number): string {
  if (entry && typeof entry === 'object') {
    const e = entry as { name?: unknown; request?: { method?: unknown }; code?: unknown };
    if (typeof e.name === 'string') {
      return `${e.name}|${String(e.request?.method ?? '')}|${String(e.code ?? '')}|${index}`;
    }
  }
  return String(index);
}

function stableId(seed: string): string {
  const hex = createHash('sha256').update(`silkcart:${seed}`).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** mulberry32: a small deterministic PRNG with Math.random's range. */
function seededRandom(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function main(): Promise<void> {
  const root = process.cwd();
  const files = await generateClients(readDocument(root));
  if (process.argv.includes('--check')) {
    const stale = differingFiles(root, files);
    if (stale.length > 0) {
      process.stderr.write(
        `${stale.join(', ')} ${stale.length === 1 ? 'differs' : 'differ'} from what ${OPENAPI_FILE} generates: run \`npm run clients\`\n`,
      );
      process.exit(1);
    }
    process.stdout.write(`${files.map((f) => f.path).join(', ')} match ${OPENAPI_FILE}\n`);
    return;
  }
  for (const file of files) {
    mkdirSync(dirname(join(root, file.path)), { recursive: true });
    writeFileSync(join(root, file.path), file.contents);
    process.stdout.write(`wrote ${file.path}\n`);
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
