import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestApi, TestApi } from './support/test-api';
import { TEST_JOB_TABLES, TestJobsModule } from './support/test-jobs.module';

const PROBLEM = 'application/problem+json';

describe('platform (HTTP)', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({ extraModules: [TestJobsModule] });
  });
  afterAll(() => api.close());

  async function expectProblem(res: Response, status: number) {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toContain(PROBLEM);
    const body = await res.json();
    const requestId = res.headers.get('x-request-id');
    expect(requestId).toBeTruthy();
    expect(body).toMatchObject({ status, requestId, type: expect.any(String), title: expect.any(String) });
    expect(typeof body.detail).toBe('string');
    expect(typeof body.instance).toBe('string');
    return body;
  }

  describe('health', () => {
    it.each(['/health/live', '/health/ready', '/health/startup'])('%s answers 200 with a terminus body', async (path) => {
      const res = await fetch(api.url(path));
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: 'ok' });
    });

    it('ready names the database and migrations it checked', async () => {
      const body = await (await fetch(api.url('/health/ready'))).json();
      expect(body.details).toMatchObject({ database: { status: 'up' }, migrations: { status: 'up' } });
    });
  });

  describe('metrics', () => {
    it('exposes the HTTP histogram by route template, SilkCart series and process metrics', async () => {
      await fetch(api.url('/health/live'));
      await fetch(api.url('/api/v1/test/echo'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'x' }),
      });
      const res = await fetch(api.url('/metrics'));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/plain');
      const text = await res.text();
      expect(text).toMatch(
        /http_request_duration_seconds_bucket\{[^}]*method="POST"[^}]*route="\/api\/v1\/test\/echo"[^}]*status_code="201"/,
      );
      expect(text).toContain('# TYPE silkcart_orders_total counter');
      expect(text).toContain('# TYPE silkcart_payments_total counter');
      expect(text).toMatch(/silkcart_queue_jobs\{queue="default",state="[a-z]+"\} \d+/);
      expect(text).toContain('process_cpu_user_seconds_total');
      expect(text).toContain('nodejs_eventloop_lag_seconds');
    });
  });

  describe('OpenAPI', () => {
    it('serves Swagger UI and a document equal to docs/openapi.json', async () => {
      const ui = await fetch(api.url('/api/docs'));
      expect(ui.status).toBe(200);
      expect(await ui.text()).toContain('swagger');
      const res = await fetch(api.url('/api/docs-json'));
      expect(res.status).toBe(200);
      const served = await res.json();
      expect(served.openapi).toMatch(/^3\./);
      const committed = JSON.parse(readFileSync(join(__dirname, '..', 'docs', 'openapi.json'), 'utf8'));
      expect(served).toEqual(committed);
    });
  });

  describe('errors are problem+json with the requestId', () => {
    const post = (body: string, type = 'application/json') =>
      fetch(api.url('/api/v1/test/echo'), { method: 'POST', headers: { 'content-type': type }, body });

    it('malformed JSON → 400', async () => {
      await expectProblem(await post('{"name": '), 400);
    });

    it('a wrong content type → 415', async () => {
      await expectProblem(await post('name=x', 'text/plain'), 415);
    });

    it('a 2 MiB body → 413', async () => {
      const big = JSON.stringify({ name: 'x', pad: 'a'.repeat(2 * 1024 * 1024) });
      await expectProblem(await post(big), 413);
    });

    it('an unknown route → 404', async () => {
      const res = await fetch(api.url('/api/v1/nowhere'));
      await expectProblem(res, 404);
    });

    it('validation → 400 with dotted field paths, unknown fields named', async () => {
      const res = await post(
        JSON.stringify({ name: '', address: { country: 'usa' }, items: [{ sku: 'A', quantity: 0 }], extra: 1 }),
      );
      const body = await expectProblem(res, 400);
      const fields = body.errors.map((e: { field: string }) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['name', 'address.country', 'items.0.quantity', 'extra']));
      expect(body.errors.find((e: { field: string }) => e.field === 'extra').message).toMatch(/not an allowed field/);
    });

    it.each([['null'], ['[]'], ['"text"'], ['123'], ['{"name": {"$gt": ""}}']])(
      'a body of %s is a 4xx, never a 5xx',
      async (body) => {
        const res = await post(body);
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        expect(res.headers.get('content-type')).toContain(PROBLEM);
      },
    );
  });

  describe('X-Request-ID', () => {
    it('echoes a valid client id, also in problem bodies', async () => {
      const res = await fetch(api.url('/api/v1/nowhere'), { headers: { 'x-request-id': 'client-abc.123' } });
      expect(res.headers.get('x-request-id')).toBe('client-abc.123');
      expect((await res.json()).requestId).toBe('client-abc.123');
    });

    it('replaces an id that breaks the rule instead of echoing it', async () => {
      const res = await fetch(api.url('/health/live'), { headers: { 'x-request-id': 'bad id!' } });
      expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('in-process jobs (no Redis)', () => {
    it('runs an outbox job once and marks it done', async () => {
      const ds = api.app.get(require('typeorm').DataSource);
      await ds.query(TEST_JOB_TABLES);
      const res = await fetch(api.url('/api/v1/test/jobs'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ key: 'inproc' }),
      });
      expect(res.status).toBe(202);
      const { jobId } = await res.json();
      await waitFor(async () => {
        const [row] = await ds.query(`select status from outbox_message where id = $1`, [jobId]);
        return row.status === 'done';
      });
      const effects = await ds.query(`select * from test_job_effect where key = 'inproc'`);
      expect(effects).toHaveLength(1);
    });

    it('retries a failing job with backoff, then marks it failed with its error', async () => {
      const ds = api.app.get(require('typeorm').DataSource);
      const res = await fetch(api.url('/api/v1/test/jobs'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ key: 'fail', type: 'test.fail' }),
      });
      const { jobId } = await res.json();
      const row = await waitFor(async () => {
        const [r] = await ds.query(`select * from outbox_message where id = $1`, [jobId]);
        return r.status === 'failed' ? r : null;
      }, 20000);
      expect(row.attempts).toBe(3);
      expect(row.last_error).toBe('this job always fails');
    });
  });
});

async function waitFor<T>(probe: () => Promise<T | null | false>, timeoutMs = 10000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as T;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}
