import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request, waitFor } from './support/http';
import { Child, freePort, spawnTs } from './support/processes';
import { createTestDatabase, TestDatabase } from './support/test-db';

// The api as a real process with info logs: every line of a request carries its requestId,
// and userId/storeId once the guard knows them; secrets never reach the log.
describe('request logs', () => {
  let db: TestDatabase;
  let api: Child;
  let base: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    api = spawnTs('test/support/api-process.ts', {
      ...process.env,
      NODE_ENV: 'test',
      PORT: String(port),
      DATABASE_URL: db.url,
      REDIS_URL: '',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'silkcart-log-')),
      LOG_LEVEL: 'info',
    });
    await waitFor(
      async () => (await request(`${base}/health/ready`, 'GET').catch(() => null))?.status === 200,
      30_000,
      () => api.output(),
    );
  }, 60_000);

  afterAll(async () => {
    await api?.kill();
    await db?.drop();
  });

  const linesWith = (requestId: string) =>
    api
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l))
      .filter((l) => l.requestId === requestId);

  it('tags request lines with requestId, userId and storeId, and redacts secrets', async () => {
    const password = 'a very secret password';
    const reg = await request(`${base}/api/v1/auth/register`, 'POST', {
      body: { email: 'logs@example.com', password, name: 'Logs' },
      headers: { 'x-request-id': 'log-register' },
    });
    expect(reg.status).toBe(201);
    const token = reg.body.accessToken;
    const store = await request(`${base}/api/v1/stores`, 'POST', {
      token,
      body: { name: 'Logs', slug: 'logs-store', currency: 'USD' },
    });
    const read = await request(`${base}/api/v1/stores/${store.body.id}`, 'GET', {
      token,
      headers: { 'x-request-id': 'log-read' },
    });
    expect(read.status).toBe(200);

    const lines = await waitFor(async () => {
      const found = linesWith('log-read');
      return found.length > 0 ? found : null;
    });
    for (const line of lines) {
      expect(line).toMatchObject({
        requestId: 'log-read',
        userId: reg.body.user.id,
        storeId: store.body.id,
      });
    }
    const output = api.output();
    expect(output).not.toContain(password);
    expect(output).not.toContain(token);
    expect(output).not.toContain(reg.body.refreshToken);
  });

  it("keeps Nest's start-up lines out of info logs, and warns about nothing on start", async () => {
    const started = api
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { level: number; context?: string; msg?: string })
      .filter((l) => l.context !== undefined);
    // About 150 lines (each module, controller and route) were info before; now debug.
    expect(started.filter((l) => /Mapped \{|dependencies initialized/.test(l.msg ?? ''))).toEqual(
      [],
    );
    expect(started.filter((l) => l.level >= 40)).toEqual([]);
  });
});
