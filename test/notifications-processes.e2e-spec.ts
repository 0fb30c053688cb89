import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { request, waitFor } from './support/http';
import {
  Child,
  freePort,
  processEnv,
  startApiProcess,
  startWorkerProcess,
} from './support/processes';
import { SmtpCapture, startSmtpCapture } from './support/smtp-capture';
import { createTestDatabase, TestDatabase } from './support/test-db';

// A process killed in the middle of an SMTP send (the server has the message but has not
// accepted it): the email is delivered once, by the next process, and the history says so.
const withRedis = Boolean(process.env.REDIS_URL);

describe(`an email whose sender is killed mid-send (${withRedis ? 'worker' : 'api'})`, () => {
  let db: TestDatabase;
  let pg: Client;
  let smtp: SmtpCapture;
  let env: NodeJS.ProcessEnv;
  let api: Child;
  let worker: Child | null = null;
  let port: number;

  const startApi = () => startApiProcess(env);
  const startWorker = () => startWorkerProcess(env);

  beforeAll(async () => {
    db = await createTestDatabase();
    pg = new Client({ connectionString: db.url });
    await pg.connect();
    smtp = await startSmtpCapture();
    port = await freePort();
    env = processEnv(db.url, port, {
      SMTP_URL: smtp.url,
      JOB_LOCK_MS: '2000',
      JOB_BACKOFF_MS: '100',
    });
    api = await startApi();
    if (withRedis) worker = await startWorker();
  }, 90_000);

  afterAll(async () => {
    await worker?.kill();
    await api?.kill();
    await smtp?.close();
    await pg?.end();
    await db?.drop();
  });

  it('arrives once, sent by the next process, with two attempts in the history', async () => {
    smtp.holdNext(120_000);
    const email = `killed-${randomBytes(3).toString('hex')}@example.com`;
    const res = await request(`http://127.0.0.1:${port}/api/v1/auth/register`, 'POST', {
      body: { email, password: 'correct horse battery', name: 'Killed Mid Send' },
    });
    expect(res.status).toBe(201);
    await waitFor(async () => smtp.holding === 1, 20_000, 'the welcome email to be mid-send');

    const sender = withRedis ? (worker as Child) : api;
    await sender.kill('SIGKILL');
    if (withRedis) worker = await startWorker();
    else api = await startApi();

    await smtp.waitFor((m) => m.to.includes(email), 30_000);
    const row = await waitFor(async () => {
      const { rows } = await pg.query(
        `select status, attempts, provider_message_id from notification where recipient = $1`,
        [email],
      );
      return rows[0]?.status === 'sent' ? rows[0] : null;
    }, 20_000);
    expect(row.attempts).toBe(2);
    expect(row.provider_message_id).toEqual(expect.any(String));
    // A little later still one: the held copy was never accepted.
    await new Promise((r) => setTimeout(r, 1000));
    expect(smtp.messages.filter((m) => m.to.includes(email))).toHaveLength(1);
  }, 90_000);
});
