import { Client } from 'pg';
import { request, waitFor } from './support/http';
import {
  Child,
  freePort,
  processEnv,
  startApiProcess,
  startWorkerProcess,
} from './support/processes';
import { hasRedisServer, RedisServer, withRedis } from './support/redis-server';
import { createTestDatabase, TestDatabase } from './support/test-db';
import { TEST_JOB_TABLES } from './support/test-jobs.module';

// The worker as Kubernetes runs it: probes and metrics on a port of its own, SIGTERM lets
// running jobs finish. Readiness with PostgreSQL down is a unit test (readiness.spec.ts):
// the worker cannot start without its database. The worker needs Redis: REDIS_URL's, or one of
// its own when only the redis-server binary is there.
withRedis(Boolean(process.env.REDIS_URL) || hasRedisServer)('the worker as a deployment', () => {
  let ownRedis: RedisServer | null = null;
  let db: TestDatabase;
  let pg: Client;
  let env: NodeJS.ProcessEnv;
  let api: Child;
  let apiPort: number;
  let worker: Child;
  let workerPort: number;

  const startWorker = async (extra: NodeJS.ProcessEnv = {}) => {
    workerPort = await freePort();
    return startWorkerProcess(
      { ...env, PORT: String(workerPort), ...extra },
      'test/support/worker-http-process.ts',
    );
  };
  const get = (path: string) => request(`http://127.0.0.1:${workerPort}${path}`, 'GET');
  const enqueue = async (body: object): Promise<string> => {
    const res = await request(`http://127.0.0.1:${apiPort}/api/v1/test/jobs`, 'POST', { body });
    expect(res.status).toBe(202);
    return res.body.jobId;
  };
  const publish = async (body: object): Promise<void> => {
    const res = await request(`http://127.0.0.1:${apiPort}/api/v1/test/events`, 'POST', { body });
    expect(res.status).toBe(202);
  };
  const rows = async (sql: string, params: unknown[] = []) => (await pg.query(sql, params)).rows;
  const started = (key: string) =>
    waitFor(
      async () => (await rows(`select 1 from test_job_attempt where key = $1`, [key])).length > 0,
      20_000,
      `job ${key} to start`,
    );
  /** Waits until /metrics has every line given (name{labels} value). */
  const metricsShow = (...lines: string[]) =>
    waitFor(
      async () => {
        const text = (await get('/metrics')).text;
        return lines.every((l) => text.split('\n').includes(l)) ? text : null;
      },
      20_000,
      () => `/metrics to show ${lines.join(', ')}`,
    );

  beforeAll(async () => {
    db = await createTestDatabase();
    pg = new Client({ connectionString: db.url });
    await pg.connect();
    await pg.query(TEST_JOB_TABLES);
    apiPort = await freePort();
    if (!process.env.REDIS_URL) ownRedis = await RedisServer.start();
    env = processEnv(db.url, apiPort, {
      ...(ownRedis ? { REDIS_URL: ownRedis.url } : {}),
      // Long enough that a job handed back at shutdown is not mistaken for one whose lock expired.
      JOB_LOCK_MS: '30000',
    });
    api = await startApiProcess(env);
    worker = await startWorker();
  }, 90_000);

  afterAll(async () => {
    await worker?.kill();
    await api?.kill();
    await ownRedis?.stop();
    await pg?.end();
    await db?.drop();
  });

  it('answers /health/live while the process serves', async () => {
    const res = await get('/health/live');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', info: {}, error: {}, details: {} });
  });

  it('is ready when PostgreSQL and Redis answer', async () => {
    const res = await get('/health/ready');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      info: { database: { status: 'up' }, redis: { status: 'up' } },
      error: {},
    });
  });

  it('serves Prometheus metrics: process metrics and jobs by queue and state', async () => {
    const res = await get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(res.text).toContain('process_resident_memory_bytes');
    for (const queue of ['default', 'email', 'scheduled']) {
      expect(res.text).toMatch(
        new RegExp(`^silkcart_queue_jobs\\{queue="${queue}",state="waiting"\\} \\d+$`, 'm'),
      );
    }
    expect((await get('/nowhere')).status).toBe(404);
  });

  it('counts and times every job run by type, and each subscriber of an event apart', async () => {
    await enqueue({ key: 'metered' });
    await metricsShow(
      'silkcart_jobs_total{type="test.record",outcome="done"} 1',
      'silkcart_job_duration_seconds_count{type="test.record"} 1',
    );
    await publish({ key: 'metered-event', failFirst: 1 });
    await metricsShow(
      'silkcart_jobs_total{type="test.subscriber-a",outcome="done"} 1',
      'silkcart_jobs_total{type="test.subscriber-b",outcome="failed"} 1',
      'silkcart_jobs_total{type="test.subscriber-b",outcome="done"} 1',
      'silkcart_jobs_total{type="test.subscriber-c",outcome="done"} 1',
      'silkcart_job_duration_seconds_count{type="test.subscriber-b"} 2',
    );
  }, 45_000);

  it('on SIGTERM takes no new job, lets the running one finish and exits 0', async () => {
    const jobId = await enqueue({ key: 'drain', sleepFirstAttemptMs: 4000 });
    await started('drain');
    process.kill(worker.proc.pid as number, 'SIGTERM');
    // While it drains: alive, but not ready.
    const closing = await waitFor(
      async () => {
        const res = await get('/health/ready');
        return res.status === 503 ? res : null;
      },
      3000,
      '/health/ready to answer 503 while closing',
    );
    expect(closing.body.error).toEqual({ worker: { status: 'down', message: 'shutting down' } });
    expect((await get('/health/live')).status).toBe(200);

    await worker.kill(); // waits for the exit
    expect(worker.proc.exitCode).toBe(0);
    expect(await rows(`select pid from test_job_effect where key = 'drain'`)).toEqual([
      { pid: worker.proc.pid },
    ]);
    expect((await rows(`select status from outbox_message where id = $1`, [jobId]))[0].status).toBe(
      'done',
    );
    // The HTTP server closed with the process.
    await expect(get('/health/live')).rejects.toThrow();
  }, 30_000);

  it('hands a job still running at SHUTDOWN_TIMEOUT_MS back to its queue for the next worker', async () => {
    await worker.kill(); // one worker at a time: no other may take the job
    worker = await startWorker({ SHUTDOWN_TIMEOUT_MS: '1000' });
    const first = worker;
    await enqueue({ key: 'handback', sleepFirstAttemptMs: 60_000 });
    await started('handback');
    await first.kill('SIGTERM');
    expect(first.proc.exitCode).toBe(1);
    expect(first.output()).toContain('1 running job(s) returned to their queue');

    // Well before the 30 s lock would expire: the job waits in its queue, not as stalled.
    const stoppedAt = Date.now();
    worker = await startWorker();
    await waitFor(
      async () => (await rows(`select 1 from test_job_effect where key = 'handback'`)).length > 0,
      15_000,
      'the handed-back job to run on the next worker',
    );
    expect(Date.now() - stoppedAt).toBeLessThan(20_000);
    const attempts = await rows(
      `select pid from test_job_attempt where key = 'handback' order by at`,
    );
    expect(attempts.map((a) => a.pid)).toEqual([first.proc.pid, worker.proc.pid]);
    expect(await rows(`select pid from test_job_effect where key = 'handback'`)).toEqual([
      { pid: worker.proc.pid },
    ]);
  }, 60_000);
});
