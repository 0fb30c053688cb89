/**
 * The generated client schema and Postman collection follow docs/openapi.json: `clients:check`
 * (checkClients) passes on the committed files and fails, naming them, once the document changes.
 * No database: a unit-speed test in the `unit` project.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { OpenAPI3 } from 'openapi-typescript';
import { createSilkCartClient } from '../clients/typescript/src';
import {
  checkClients,
  differingFiles,
  generateClients,
  OPENAPI_FILE,
  POSTMAN_FILE,
  readDocument,
  SCHEMA_FILE,
} from '../scripts/generate-clients';

const root = resolve(__dirname, '..');

type Schemas = Record<string, { properties: Record<string, unknown>; required?: string[] }>;
const schemasOf = (doc: OpenAPI3) => (doc.components as { schemas: Schemas }).schemas;

describe('the generated clients (clients:check)', () => {
  jest.setTimeout(180_000);

  let tmp: string;
  beforeEach(() => {
    tmp = mkdtempSync(join(tmpdir(), 'silkcart-clients-'));
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  /** A copy of the repository's document and generated files, with `document` as the document. */
  function treeWith(document: OpenAPI3): string {
    for (const file of [SCHEMA_FILE, POSTMAN_FILE]) {
      mkdirSync(dirname(join(tmp, file)), { recursive: true });
      copyFileSync(join(root, file), join(tmp, file));
    }
    mkdirSync(join(tmp, 'docs'), { recursive: true });
    writeFileSync(join(tmp, OPENAPI_FILE), `${JSON.stringify(document, null, 2)}\n`);
    return tmp;
  }

  it('passes on the committed document and files', async () => {
    const stale = await checkClients(root);
    // Files named here: docs/openapi.json changed without `npm run clients`; run it and commit.
    expect(stale).toEqual([]);
  });

  it('fails, naming both files, when a DTO property is renamed in the document', async () => {
    const planted = readDocument(root);
    const signIn = schemasOf(planted).SignInDto;
    signIn.properties = {
      emailAddress: signIn.properties.email,
      password: signIn.properties.password,
    };
    signIn.required = ['emailAddress', 'password'];

    await expect(checkClients(treeWith(planted))).resolves.toEqual([SCHEMA_FILE, POSTMAN_FILE]);

    const [schema, postman] = await generateClients(planted);
    expect(schema.contents).toContain('emailAddress: string;');
    expect(postman.contents).toContain('\\"emailAddress\\"');
  });

  it('fails when a property is added to a response', async () => {
    const planted = readDocument(root);
    schemasOf(planted).ProfileView.properties.plantedField = { type: 'string' };
    const files = await generateClients(planted);
    expect(files.find((f) => f.path === SCHEMA_FILE)?.contents).toContain('plantedField');
    expect(differingFiles(root, files)).toContain(SCHEMA_FILE);
  });

  it('names a generated file that is missing', () => {
    expect(differingFiles(tmp, [{ path: SCHEMA_FILE, contents: 'x' }])).toEqual([SCHEMA_FILE]);
  });
});

describe('createSilkCartClient', () => {
  function recorder() {
    const requests: Request[] = [];
    const fetch = async (request: Request) => {
      requests.push(request);
      return new Response(JSON.stringify({ items: [], total: 0, page: 1, limit: 20 }), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    };
    return { requests, fetch };
  }

  it('sends the bearer token and the publishable key on every request', async () => {
    const { requests, fetch } = recorder();
    const client = createSilkCartClient({
      baseUrl: 'http://api.test/',
      token: 'silk_sk_secret',
      publishableKey: 'silk_pk_public',
      fetch,
    });
    const { data } = await client.GET('/api/v1/catalog/{storeSlug}/products', {
      params: { path: { storeSlug: 'demo' }, query: { q: 'shoe', in_stock: 'true', limit: 10 } },
    });
    expect(data).toEqual({ items: [], total: 0, page: 1, limit: 20 });
    expect(requests[0].url).toBe(
      'http://api.test/api/v1/catalog/demo/products?q=shoe&in_stock=true&limit=10',
    );
    expect(requests[0].headers.get('authorization')).toBe('Bearer silk_sk_secret');
    expect(requests[0].headers.get('x-publishable-key')).toBe('silk_pk_public');
  });

  it('asks a token function on each request and leaves a header the call sets alone', async () => {
    const { requests, fetch } = recorder();
    const session: { token?: string } = {};
    const client = createSilkCartClient({
      baseUrl: 'http://api.test',
      token: () => session.token,
      fetch,
    });
    await client.GET('/api/v1/stores', { params: { query: { page: 1 } } });
    session.token = 'jwt-2';
    await client.POST('/api/v1/auth/token', {
      body: { email: 'owner@example.com', password: 'correct horse battery' },
    });
    await client.GET('/api/v1/stores', { headers: { Authorization: 'Bearer operator' } });
    expect(requests.map((r) => r.headers.get('authorization'))).toEqual([
      null,
      'Bearer jwt-2',
      'Bearer operator',
    ]);
    expect(requests.every((r) => !r.headers.has('x-publishable-key'))).toBe(true);
  });
});
