import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HttpResult, waitFor } from './support/http';
import { startTestApi, TestApi } from './support/test-api';
import { TEST_JOB_TABLES, TestJobsModule } from './support/test-jobs.module';

const PROBLEM = 'application/problem+json';

describe('platform (HTTP)', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({ extraModules: [TestJobsModule], env: { JOB_BACKOFF_MS: '20' } });
    await api.db.sql(TEST_JOB_TABLES);
  });
  afterAll(() => api.close());

  function expectProblem(res: HttpResult, status: number) {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toContain(PROBLEM);
    const requestId = res.headers.get('x-request-id');
    expect(requestId).toBeTruthy();
    expect(res.body).toMatchObject({
      status,
      requestId,
      type: expect.any(String),
      title: expect.any(String),
      detail: expect.any(String),
      instance: expect.any(String),
    });
    return res.body;
  }

  describe('health', () => {
    it.each(['/health/live', '/health/ready', '/health/startup'])(
      '%s answers 200 with a terminus body',
      async (path) => {
        const res = await api.http('GET', path);
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ status: 'ok' });
      },
    );

    it('ready names the database and migrations it checked', async () => {
      const res = await api.http('GET', '/health/ready');
      expect(res.body.details).toMatchObject({
        database: { status: 'up' },
        migrations: { status: 'up' },
      });
    });
  });

  describe('metrics', () => {
    it('exposes the HTTP histogram by route template, SilkCart series and process metrics', async () => {
      await api.http('POST', '/api/v1/test/echo', { body: { name: 'x' } });
      const res = await api.http('GET', '/metrics');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/plain');
      expect(res.text).toMatch(
        /http_request_duration_seconds_bucket\{[^}]*method="POST"[^}]*route="\/api\/v1\/test\/echo"[^}]*status_code="201"/,
      );
      expect(res.text).toContain('# TYPE silkcart_orders_total counter');
      expect(res.text).toContain('# TYPE silkcart_payments_total counter');
      expect(res.text).toMatch(/silkcart_queue_jobs\{queue="default",state="[a-z]+"\} \d+/);
      expect(res.text).toContain('process_cpu_user_seconds_total');
      expect(res.text).toContain('nodejs_eventloop_lag_seconds');
    });
  });

  describe('OpenAPI', () => {
    it('serves Swagger UI and a document equal to docs/openapi.json', async () => {
      const ui = await api.http('GET', '/api/docs');
      expect(ui.status).toBe(200);
      expect(ui.text).toContain('swagger');
      const res = await api.http('GET', '/api/docs-json');
      expect(res.status).toBe(200);
      expect(res.body.openapi).toMatch(/^3\./);
      const file = join(__dirname, '..', 'docs', 'openapi.json');
      expect(res.body).toEqual(JSON.parse(readFileSync(file, 'utf8')));
    });
  });

  describe('errors are problem+json with the requestId', () => {
    const post = (body: string, contentType = 'application/json') =>
      api.http('POST', '/api/v1/test/echo', { raw: { body, contentType } });

    it('malformed JSON → 400', async () => {
      expectProblem(await post('{"name": '), 400);
    });

    it('a wrong content type → 415', async () => {
      expectProblem(await post('name=x', 'text/plain'), 415);
      expectProblem(await post('name=x', 'application/x-www-form-urlencoded'), 415);
    });

    it('a 2 MiB body → 413', async () => {
      expectProblem(
        await post(JSON.stringify({ name: 'x', pad: 'a'.repeat(2 * 1024 * 1024) })),
        413,
      );
    });

    it('an unknown route → 404', async () => {
      expectProblem(await api.http('GET', '/api/v1/nowhere'), 404);
      expectProblem(await api.http('DELETE', '/nowhere/at/all'), 404);
    });

    it('validation → 400 with dotted field paths, unknown fields named', async () => {
      const res = await post(
        JSON.stringify({
          name: '',
          address: { country: 'usa' },
          items: [{ sku: 'A', quantity: 0 }],
          extra: 1,
        }),
      );
      const body = expectProblem(res, 400);
      const fields = body.errors.map((e: { field: string }) => e.field);
      expect(fields).toEqual(
        expect.arrayContaining(['name', 'address.country', 'items.0.quantity', 'extra']),
      );
      const extra = body.errors.find((e: { field: string }) => e.field === 'extra');
      expect(extra.message).toMatch(/not an allowed field/);
    });

    it.each(['null', '[]', '"text"', '123', '{"name": {"$gt": ""}}', '{"__proto__": {"x": 1}}'])(
      'a body of %s is a 4xx problem, never a 5xx',
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
      const res = await api.http('GET', '/api/v1/nowhere', {
        headers: { 'x-request-id': 'client-abc.123' },
      });
      expect(res.headers.get('x-request-id')).toBe('client-abc.123');
      expect(res.body.requestId).toBe('client-abc.123');
    });

    it('replaces an id that breaks the rule instead of echoing it', async () => {
      const res = await api.http('GET', '/health/live', { headers: { 'x-request-id': 'bad id!' } });
      expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('in-process jobs (no Redis)', () => {
    const enqueue = async (body: object) => {
      const res = await api.http('POST', '/api/v1/test/jobs', { body });
      expect(res.status).toBe(202);
      return res.body.jobId as string;
    };
    const outboxRow = async (id: string) =>
      (await api.db.sql<any>(`select * from outbox_message where id = $1`, [id]))[0];

    it('runs an outbox job once and marks it done', async () => {
      const jobId = await enqueue({ key: 'inproc' });
      await waitFor(async () => (await outboxRow(jobId)).status === 'done');
      expect(await api.db.sql(`select * from test_job_effect where key = 'inproc'`)).toHaveLength(
        1,
      );
    });

    it('retries a failing job with backoff, then marks it failed with its error', async () => {
      const jobId = await enqueue({ key: 'fail', type: 'test.fail' });
      const row = await waitFor(async () => {
        const r = await outboxRow(jobId);
        return r.status === 'failed' ? r : null;
      });
      expect(row.attempts).toBe(3);
      expect(row.last_error).toBe('this job always fails');
    });

    it('writes no job when the transaction that wrote it rolls back', async () => {
      const before = await api.db.sql(`select count(*)::int as n from outbox_message`);
      const res = await api.http('POST', '/api/v1/test/jobs', {
        body: { key: 'x', type: 'test.nope' },
      });
      expect(res.status).toBe(400);
      expect(await api.db.sql(`select count(*)::int as n from outbox_message`)).toEqual(before);
    });
  });
});
