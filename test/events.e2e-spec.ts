import { EventBus } from '@silkcart/shared';
import { OrderPlaced } from '@silkcart/ordering';
import { waitFor } from './support/http';
import { startTestApi, TestApi } from './support/test-api';
import { TEST_JOB_TABLES, TestFact, TestJobsModule } from './support/test-jobs.module';

// Domain events in one process (in-process jobs): one delivery per subscriber, each
// retried, failed and deduplicated alone.
describe('domain events', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({
      extraModules: [TestJobsModule],
      env: { JOB_BACKOFF_MS: '50' },
    });
    await api.db.sql(TEST_JOB_TABLES);
  });
  afterAll(() => api?.close());

  const publish = async (body: object): Promise<string> => {
    const res = await api.http('POST', '/api/v1/test/events', { body });
    expect(res.status).toBe(202);
    return res.body.eventId;
  };
  const deliveries = (eventId: string) =>
    api.db.sql<{ type: string; status: string; attempts: number; last_error: string | null }>(
      `select type, status, attempts, last_error from outbox_message where event_id = $1 order by type`,
      [eventId],
    );
  const counts = (table: string, prefix: string) =>
    api.db.sql<{ key: string; n: number }>(
      `select key, count(*)::int as n from ${table} where key like $1 group by key order by key`,
      [`${prefix}:%`],
    );

  it('finds the subscribers of every module, the publisher naming none', () => {
    const bus = api.app.get(EventBus);
    expect(bus.subscribersOf(TestFact)).toEqual([
      'test.subscriber-a',
      'test.subscriber-b',
      'test.subscriber-c',
    ]);
    expect(bus.subscribersOf(OrderPlaced)).toContain('notifications.send-order-confirmation');
  });

  it('runs each subscriber as its own job: one failing twice neither blocks nor repeats the others', async () => {
    const eventId = await publish({ key: 'f', failFirst: 2 });
    const done = await waitFor(async () => {
      const d = await deliveries(eventId);
      return d.length === 3 && d.every((x) => x.status === 'done') ? d : null;
    }, 15_000);
    expect(done.map((d) => [d.type, d.attempts])).toEqual([
      ['test.subscriber-a', 1],
      ['test.subscriber-b', 3],
      ['test.subscriber-c', 1],
    ]);
    expect(await counts('test_job_effect', 'f')).toEqual([
      { key: 'f:a', n: 1 },
      { key: 'f:b', n: 1 },
      { key: 'f:c', n: 1 },
    ]);
    expect(await counts('test_job_attempt', 'f')).toEqual([
      { key: 'f:a', n: 1 },
      { key: 'f:b', n: 3 },
      { key: 'f:c', n: 1 },
    ]);
  });

  it('marks only the subscriber whose attempts are spent as failed, with its error', async () => {
    const eventId = await publish({ key: 'x', failFirst: 10 });
    const settled = await waitFor(async () => {
      const d = await deliveries(eventId);
      return d.length === 3 && d.every((x) => x.status === 'done' || x.status === 'failed')
        ? d
        : null;
    }, 15_000);
    expect(settled.map((d) => [d.type, d.status])).toEqual([
      ['test.subscriber-a', 'done'],
      ['test.subscriber-b', 'failed'],
      ['test.subscriber-c', 'done'],
    ]);
    expect(settled[1]).toMatchObject({ attempts: 5, last_error: 'b fails attempt 5' });
    expect(await counts('test_job_effect', 'x')).toEqual([
      { key: 'x:a', n: 1 },
      { key: 'x:c', n: 1 },
    ]);
  });

  it('refuses a second delivery of the same event to the same subscriber', async () => {
    const eventId = await publish({ key: 'd' });
    await expect(
      api.db.sql(
        `insert into outbox_message (type, queue, payload, envelope, max_attempts, event_id, event_type)
         values ('test.subscriber-a', 'default', '{}', '{}', 1, $1, 'test.fact')`,
        [eventId],
      ),
    ).rejects.toThrow(/outbox_message_event_subscriber/);
  });

  it('writes nothing when the publishing transaction rolls back', async () => {
    const before = await api.db.sql<{ n: number }>(
      `select count(*)::int as n from outbox_message where event_type = 'test.fact'`,
    );
    const res = await api.http('POST', '/api/v1/test/events', {
      body: { key: 'r', failAfterPublish: true },
    });
    expect(res.status).toBe(400);
    expect(
      await api.db.sql(
        `select count(*)::int as n from outbox_message where event_type = 'test.fact'`,
      ),
    ).toEqual(before);
  });
});
