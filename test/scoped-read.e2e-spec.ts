import { scopedReader } from '@silkcart/shared';
import { DataSource } from 'typeorm';
import { createTestDatabase, TestDatabase } from './support/test-db';

describe('scoped reads (prepared once per connection)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  beforeAll(async () => {
    db = await createTestDatabase();
    // One connection, so every statement lands on the same session.
    ds = await new DataSource({ type: 'postgres', url: db.url, extra: { max: 1 } }).initialize();
  });
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  it('answers each statement with its own arguments', async () => {
    const reader = scopedReader(ds, null);
    const sql = `select $1::int + $2::int as n, current_setting('app.store_id', true) as scope`;
    expect(await reader.query(sql, [1, 2])).toEqual([{ n: 3, scope: '' }]);
    expect(await reader.query(sql, [40, 2])).toEqual([{ n: 42, scope: '' }]);
    const scoped = scopedReader(ds, '00000000-0000-4000-8000-000000000001');
    expect((await scoped.query(sql, [0, 0]))[0].scope).toBe('00000000-0000-4000-8000-000000000001');
    // The scope ends with the read: the next statement on the session sees none.
    expect((await reader.query(sql, [0, 0]))[0].scope).toBe('');
  });

  it('keeps a bounded number of statements on a connection', async () => {
    const reader = scopedReader(ds, null);
    for (let i = 0; i < 450; i += 1) {
      expect(await reader.query(`select ${i}::int as n`)).toEqual([{ n: i }]);
    }
    const [{ count }] = await reader.query(
      `select count(*)::int as count from pg_prepared_statements`,
    );
    expect(count).toBeGreaterThan(0);
    expect(count).toBeLessThanOrEqual(200);
  });
});
