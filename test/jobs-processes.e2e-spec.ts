import { Client } from 'pg';
import { request, waitFor } from './support/http';
import {
  Child,
  freePort,
  processEnv,
  startApiProcess,
  startWorkerProcess,
} from './support/processes';
import { createTestDatabase, TestDatabase } from './support/test-db';
import { TEST_JOB_TABLES } from './support/test-jobs.module';

// With REDIS_URL: the api writes jobs, a separate worker process runs them through BullMQ.
// Without it: the api runs them itself from the outbox. Either way a crash mid-job
// (SIGKILL) leads to the job running again and taking effect exactly once.
const withRedis = Boolean(process.env.REDIS_URL);
const mode = withRedis ? 'api + worker over BullMQ' : 'api alone, in-process';

describe(`jobs across real processes (${mode})`, () => {
  let db: TestDatabase;
  let pg: Client;
  let env: NodeJS.ProcessEnv;
  let api: Child;
  let worker: Child | null = null;
  let port: number;

  const startWorker = () => startWorkerProcess(env);
  const startApi = () => startApiProcess(env);
  const enqueue = async (body: object): Promise<string> => {
    const res = await request(`http://127.0.0.1:${port}/api/v1/test/jobs`, 'POST', { body });
    expect(res.status).toBe(202);
    return res.body.jobId;
  };
  const publish = async (body: object): Promise<string> => {
    const res = await request(`http://127.0.0.1:${port}/api/v1/test/events`, 'POST', { body });
    expect(res.status).toBe(202);
    return res.body.eventId;
  };
  const rows = async (sql: string, params: unknown[] = []) => (await pg.query(sql, params)).rows;

  beforeAll(async () => {
    db = await createTestDatabase();
    pg = new Client({ connectionString: db.url });
    await pg.connect();
    await pg.query(TEST_JOB_TABLES);
    port = await freePort();
    env = processEnv(db.url, port, { JOB_LOCK_MS: '2000' });
    api = await startApi();
    if (withRedis) worker = await startWorker();
  }, 90_000);

  afterAll(async () => {
    await worker?.kill();
    await api?.kill();
    await pg?.end();
    await db?.drop();
  });

  const executor = () => (withRedis ? (worker as Child) : api);

  it('a job the api writes to the outbox is executed by the job runner process', async () => {
    const jobId = await enqueue({ key: 'a' });
    await waitFor(
      async () => (await rows(`select 1 from test_job_effect where key = 'a'`)).length > 0,
      20_000,
    );
    const effects = await rows(`select pid from test_job_effect where key = 'a'`);
    expect(effects).toEqual([{ pid: executor().proc.pid }]);
    expect((await rows(`select status from outbox_message where id = $1`, [jobId]))[0].status).toBe(
      'done',
    );
  });

  it('a job whose process is killed mid-run runs again and completes once', async () => {
    const jobId = await enqueue({ key: 'b', sleepFirstAttemptMs: 60_000 });
    await waitFor(
      async () => (await rows(`select 1 from test_job_attempt where key = 'b'`)).length > 0,
      20_000,
    );
    const killed = executor();
    await killed.kill('SIGKILL');
    if (withRedis) worker = await startWorker();
    else api = await startApi();

    await waitFor(
      async () =>
        (await rows(`select status from outbox_message where id = $1`, [jobId]))[0].status ===
        'done',
      30_000,
      'the job to complete after the crash',
    );
    const attempts = await rows(`select pid from test_job_attempt where key = 'b' order by at`);
    const effects = await rows(`select pid from test_job_effect where key = 'b'`);
    expect(attempts).toHaveLength(2);
    expect(attempts[0].pid).toBe(killed.proc.pid);
    expect(effects).toEqual([{ pid: executor().proc.pid }]);
  }, 60_000);

  it('an event reaches each of its three subscribers once, through a failing one and a crash', async () => {
    const eventId = await publish({ key: 'ev', failFirst: 2, sleepFirstAttemptMs: 60_000 });
    // Subscriber c sleeps in its first attempt: kill the process that runs it.
    await waitFor(
      async () => (await rows(`select 1 from test_job_attempt where key = 'ev:c'`)).length > 0,
      20_000,
    );
    const killed = executor();
    await killed.kill('SIGKILL');
    if (withRedis) worker = await startWorker();
    else api = await startApi();

    const deliveries = await waitFor(
      async () => {
        const r = await rows(
          `select type, status, attempts from outbox_message where event_id = $1 order by type`,
          [eventId],
        );
        return r.every((d) => d.status === 'done') ? r : null;
      },
      30_000,
      'every delivery of the event to be done',
    );
    expect(deliveries.map((d) => d.type)).toEqual([
      'test.subscriber-a',
      'test.subscriber-b',
      'test.subscriber-c',
    ]);
    const effects = await rows(
      `select key, count(*)::int as n from test_job_effect where key like 'ev:%' group by key order by key`,
    );
    expect(effects).toEqual([
      { key: 'ev:a', n: 1 },
      { key: 'ev:b', n: 1 },
      { key: 'ev:c', n: 1 },
    ]);
    const attempts = await rows(
      `select key, count(*)::int as n from test_job_attempt where key like 'ev:%' group by key order by key`,
    );
    // a ran once; b failed twice then succeeded; c ran again after the crash.
    expect(attempts.find((a) => a.key === 'ev:b').n).toBe(3);
    expect(attempts.find((a) => a.key === 'ev:c').n).toBe(2);
  }, 60_000);

  it('a job that keeps failing is retried with backoff and ends failed', async () => {
    const jobId = await enqueue({ key: 'c', type: 'test.fail' });
    const row = await waitFor(async () => {
      const [r] = await rows(`select * from outbox_message where id = $1`, [jobId]);
      return r.status === 'failed' ? r : null;
    }, 20_000);
    expect(row.attempts).toBe(3);
    expect(row.last_error).toBe('this job always fails');
  });
});
