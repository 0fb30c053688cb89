import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStore, registerUser, TestUser } from './support/fixtures';
import { multipart, noisePng, SVG } from './support/images';
import { startTestApi, TestApi } from './support/test-api';

async function download(url: string) {
  const res = await fetch(url);
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    body: Buffer.from(await res.arrayBuffer()),
  };
}

interface Driver {
  api: TestApi;
  /** What the storage holds, whatever the api says. */
  stored: () => Promise<string[]>;
  /** Where this test can fetch a public image URL from. */
  reachable: (url: string) => string;
}

function roundTrips(driver: string, start: () => Promise<Driver>) {
  describe(`product images on the ${driver} driver`, () => {
    let api: TestApi;
    let stored: Driver['stored'];
    let reachable: Driver['reachable'];
    let admin: TestUser;
    let path: string;

    beforeAll(async () => {
      ({ api, stored, reachable } = await start());
      admin = await registerUser(api);
      const store = await createStore(api, admin);
      const product = await api.http('POST', `/api/v1/stores/${store.id}/products`, {
        token: admin.token,
        body: { title: 'Pictured', status: 'active' },
      });
      path = `/api/v1/stores/${store.id}/products/${product.body.id}`;
    });
    afterAll(() => api?.close());

    const upload = (file: Buffer, filename: string, type: string) => {
      const form = multipart([
        { name: 'alt', value: 'Front' },
        { name: 'file', value: file, filename, type },
      ]);
      return api.http('POST', `${path}/images`, {
        token: admin.token,
        raw: { body: form.body, contentType: form.contentType },
      });
    };
    const imageCount = async () =>
      (await api.http('GET', path, { token: admin.token })).body.images.length as number;

    it('serves back exactly the bytes uploaded, with their content type', async () => {
      const png = noisePng(200, 200, 7);
      expect(png.length).toBeGreaterThan(100_000);
      const res = await upload(png, 'photo.bin', 'application/octet-stream');
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        url: expect.stringMatching(/^https?:\/\/.+\.png$/),
        alt: 'Front',
        position: 0,
      });
      const served = await download(reachable(res.body.url));
      expect(served.status).toBe(200);
      expect(served.type).toBe('image/png');
      expect(served.body.length).toBe(png.length);
      expect(served.body.equals(png)).toBe(true);
      expect(await stored()).toHaveLength(1);
    });

    it('refuses a PNG over 5 MiB → 413 and stores nothing', async () => {
      const before = await stored();
      const big = Buffer.concat([noisePng(16, 16, 3), Buffer.alloc(5 * 1024 * 1024, 7)]);
      const res = await upload(big, 'big.png', 'image/png');
      expect(res.status).toBe(413);
      expect(await stored()).toEqual(before);
      expect(await imageCount()).toBe(before.length);
    });

    it('refuses SVG → 415 and stores nothing', async () => {
      const before = await stored();
      const res = await upload(SVG, 'x.svg', 'image/svg+xml');
      expect(res.status).toBe(415);
      expect(await stored()).toEqual(before);
      expect(await imageCount()).toBe(before.length);
    });
  });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

roundTrips('local', async () => {
  const publicUrl = 'https://api.shop.example';
  const api = await startTestApi({ env: { AUTH_RATE_LIMIT: '100000', PUBLIC_URL: publicUrl } });
  return {
    api,
    stored: async () => filesUnder(join(api.config.dataDir, 'uploads')),
    // The api serves the uploads itself, under PUBLIC_URL (a proxy's address in production).
    reachable: (url) => {
      expect(url.startsWith(`${publicUrl}/uploads/`)).toBe(true);
      return api.url(url.slice(publicUrl.length));
    },
  };
});

/** s3rver in a process of its own: under Jest's module conditions its koa does not load. */
async function startS3rver(directory: string, bucket: string) {
  const proc = spawn(
    process.execPath,
    [
      require.resolve('s3rver/bin/s3rver.js'),
      ...['--directory', directory, '--address', '127.0.0.1', '--port', '0', '--silent'],
      ...['--configure-bucket', bucket],
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const until = Date.now() + 20_000;
  let port: string | undefined;
  while (!(port = /listening on [\d.]+:(\d+)/.exec(out)?.[1])) {
    if (proc.exitCode !== null || Date.now() > until) {
      proc.kill();
      throw new Error(`s3rver did not start:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: async () => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill();
      await exited;
    },
  };
}

describe('with a local S3 server', () => {
  const bucket = 'silkcart-images';
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  const directory = mkdtempSync(join(tmpdir(), 'silkcart-s3-'));
  let server: Awaited<ReturnType<typeof startS3rver>> | undefined;
  let client: S3Client | undefined;

  afterAll(async () => {
    client?.destroy();
    await server?.stop();
    await rm(directory, { recursive: true, force: true });
  });

  roundTrips('s3', async () => {
    server = await startS3rver(directory, bucket);
    const endpoint = server.endpoint;
    const s3 = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
    client = s3;
    const api = await startTestApi({
      env: {
        AUTH_RATE_LIMIT: '100000',
        STORAGE_DRIVER: 's3',
        S3_BUCKET: bucket,
        S3_REGION: 'us-east-1',
        S3_ENDPOINT: endpoint,
        S3_FORCE_PATH_STYLE: 'true',
        S3_ACCESS_KEY_ID: credentials.accessKeyId,
        S3_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      },
    });
    const stored = async () => {
      const list = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
      return (list.Contents ?? []).map((o) => o.Key as string).sort();
    };
    return {
      api,
      stored,
      // Without S3_PUBLIC_URL the image URL is the object's path-style URL on the server.
      reachable: (url) => {
        expect(url.startsWith(`${endpoint}/${bucket}/`)).toBe(true);
        return url;
      },
    };
  });
});
