import { ReadReplica } from '@silkcart/shared';
import { waitFor } from './support/http';
import { createStore, registerUser, TestUser, unique } from './support/fixtures';
import { PgStandby, withStandby } from './support/pg-standby';
import { startTestApi, TestApi } from './support/test-api';

/**
 * DATABASE_READ_URL against a real hot standby of the test PostgreSQL (pg_basebackup, streaming,
 * on a port of its own, every statement logged): storefront and analytics reads go there,
 * merchant reads and writes never do, a write is visible on the next storefront read even while
 * the standby's replay is paused, and a standby that is down costs nothing but the offload.
 */
withStandby()('read replica (DATABASE_READ_URL)', () => {
  const APP = 'silkcart-replica';
  let standby: PgStandby;
  let api: TestApi;
  let replica: ReadReplica;
  let admin: TestUser;
  let a: { id: string; slug: string };
  let b: { id: string; slug: string };

  const merchant = (store: { id: string }, method: string, path: string, body?: unknown) =>
    api.http(method, `/api/v1/stores/${store.id}${path}`, { token: admin.token, body });
  const sf = (store: { slug: string }, path: string) =>
    api.http('GET', `/api/v1/catalog/${store.slug}${path}`);
  const titles = (res: { body: { items: Array<{ title: string }> } }) =>
    res.body.items.map((p) => p.title);
  const served = () => ({ ...replica.served });
  const delta = (before: ReadReplica['served']) => {
    const now = replica.served;
    return {
      replica: now.replica - before.replica,
      behind: now.behind - before.behind,
      unreachable: now.unreachable - before.unreachable,
      failed: now.failed - before.failed,
    };
  };
  /** The scoped batches of the store that reached the standby since `offset`. */
  const batchesOf = (store: { id: string }, offset: number) =>
    standby
      .logSince(offset, APP)
      .filter((line) => line.includes(`execute sr_scope('${store.id}')`));

  const product = async (store: { id: string }, title: string, categoryIds: string[] = []) => {
    const res = await merchant(store, 'POST', '/products', {
      title,
      status: 'active',
      categoryIds,
      variants: [{ sku: unique('SKU'), price: 3500, stock: 4 }],
    });
    expect(res.status).toBe(201);
    return res.body as { id: string; slug: string };
  };

  beforeAll(async () => {
    const started = Date.now();
    standby = await PgStandby.start(process.env.DATABASE_URL as string);
    const standbyReady = Date.now();
    api = await startTestApi({
      env: (db) => ({ DATABASE_READ_URL: standby.urlFor(db.name), AUTH_RATE_LIMIT: '100000' }),
    });
    replica = api.app.get(ReadReplica);
    admin = await registerUser(api);
    a = await createStore(api, admin);
    b = await createStore(api, admin);
    for (const store of [a, b]) {
      const hats = await merchant(store, 'POST', '/categories', { name: 'Hats' });
      expect(hats.status).toBe(201);
      await product(store, 'Straw Hat', [hats.body.id]);
    }
    await standby.caughtUp();
    console.log(
      `standby up in ${standbyReady - started} ms, api and fixtures in ${Date.now() - standbyReady} ms`,
    );
  }, 180_000);

  afterAll(async () => {
    // What the standby refused or lost, besides the stop the last test makes on purpose.
    if (standby) console.log(standby.problems().join('\n') || 'no errors on the standby');
    await api?.close();
    await standby?.destroy();
  }, 60_000);

  it('runs as the application role on the standby, under row-level security', async () => {
    const [who] = await replica
      .reader(null)
      .query(`select current_user as role, pg_is_in_recovery() as standby`);
    expect(who).toEqual({ role: 'silkcart_app', standby: true });
    const count = `select count(*)::int as n from storefront_product`;
    expect(await replica.reader(a.id).query(count)).toEqual([{ n: 1 }]);
    expect(await replica.reader(null).query(count)).toEqual([{ n: 0 }]);
  });

  it('serves the storefront list, search, detail and category tree from the replica', async () => {
    const before = served();
    const offset = standby.logOffset();
    const list = await sf(b, '/products?limit=7');
    expect(list.status).toBe(200);
    expect(titles(list)).toEqual(['Straw Hat']);
    const search = await sf(b, '/products?q=straw');
    expect(search.status).toBe(200);
    expect(search.body.total).toBe(1);
    const detail = await sf(b, '/products/straw-hat');
    expect(detail.status).toBe(200);
    expect(detail.body.title).toBe('Straw Hat');
    const tree = await sf(b, '/categories');
    expect(tree.status).toBe(200);
    expect(tree.body.items.map((c: { slug: string }) => c.slug)).toEqual(['hats']);
    expect(delta(before)).toEqual({ replica: 4, behind: 0, unreachable: 0, failed: 0 });
    // Each with the store's catalog version read first, in the same batch.
    const batches = batchesOf(b, offset);
    expect(batches).toHaveLength(4);
    for (const batch of batches) expect(batch).toMatch(/from catalog_version[\s\S]*; execute sr_/);
  });

  it('shows a write on the next read while the replica has not replayed it; other stores still read the replica', async () => {
    await standby.caughtUp();
    await standby.sql('postgres', 'select pg_wal_replay_pause()');
    try {
      await waitFor(async () => {
        const [row] = await standby.sql<{ state: string }>(
          'postgres',
          'select pg_get_wal_replay_pause_state() as state',
        );
        return row.state === 'paused';
      });
      const fedora = await product(a, 'Felt Fedora');
      // The standby does not have it.
      expect(
        await standby.sql(api.db.name, 'select count(*)::int as n from product where id = $1', [
          fedora.id,
        ]),
      ).toEqual([{ n: 0 }]);

      const before = served();
      const offset = standby.logOffset();
      const list = await sf(a, '/products');
      expect(list.status).toBe(200);
      expect(titles(list)).toEqual(['Felt Fedora', 'Straw Hat']);
      const detail = await sf(a, `/products/${fedora.slug}`);
      expect(detail.status).toBe(200);
      expect(delta(before)).toEqual({ replica: 0, behind: 2, unreachable: 0, failed: 0 });
      // The standby was asked (and found its version older), then the primary answered.
      expect(batchesOf(a, offset)).toHaveLength(2);

      // Store B has not changed: the paused standby still answers for it.
      const other = await sf(b, '/products?limit=9');
      expect(other.status).toBe(200);
      expect(titles(other)).toEqual(['Straw Hat']);
      expect(delta(before)).toEqual({ replica: 1, behind: 2, unreachable: 0, failed: 0 });
      expect(batchesOf(b, offset)).toHaveLength(1);
    } finally {
      await standby.sql('postgres', 'select pg_wal_replay_resume()');
    }
    // Replayed: store A reads the replica again.
    await standby.caughtUp();
    const before = served();
    const again = await sf(a, '/products?limit=5');
    expect(titles(again)).toEqual(['Felt Fedora', 'Straw Hat']);
    expect(delta(before)).toEqual({ replica: 1, behind: 0, unreachable: 0, failed: 0 });
  });

  it('reads analytics from the replica', async () => {
    const before = served();
    const offset = standby.logOffset();
    const res = await merchant(a, 'GET', '/analytics?from=2025-03-01&to=2025-03-10');
    expect(res.status).toBe(200);
    expect(res.body.totals).toMatchObject({ grossSales: 0, orders: 0 });
    expect(res.body.series).toHaveLength(10);
    // bounds, periods, email counts and the best sellers' sales
    expect(delta(before)).toEqual({ replica: 4, behind: 0, unreachable: 0, failed: 0 });
    expect(batchesOf(a, offset).some((line) => /execute sr_/.test(line))).toBe(true);
  });

  it('never sends merchant reads or writes to the replica', async () => {
    const offset = standby.logOffset();
    const before = served();
    for (const path of ['', '/products', '/categories', '/members', '/orders']) {
      expect((await merchant(a, 'GET', path)).status).toBe(200);
    }
    const created = await product(a, 'Wool Beanie');
    expect(
      (await merchant(a, 'PATCH', `/products/${created.id}`, { title: 'Warm Beanie' })).status,
    ).toBe(200);
    expect((await merchant(a, 'POST', '/categories', { name: 'Caps' })).status).toBe(201);
    expect(standby.logSince(offset, APP)).toEqual([]);
    expect(delta(before)).toEqual({ replica: 0, behind: 0, unreachable: 0, failed: 0 });
    // Since the start, all the api ever sent the standby: scoped read batches, the statements
    // they prepare, and readiness pings.
    const all = standby.logSince(0, APP);
    expect(all.length).toBeGreaterThan(10);
    for (const line of all) {
      expect(line).toMatch(
        /^(LOG: {2}statement: (execute sr_scope\('|prepare sr_([0-9a-f]{20}|scope\(text\)) as |deallocate all|select pg_is_in_recovery\(\))|DETAIL: {2}prepare: )/,
      );
    }
  });

  it('answers from the primary while the replica is down; ready stays 200, naming it degraded', async () => {
    const ready = await api.http('GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.details.databaseReplica).toMatchObject({
      status: 'up',
      lagSeconds: expect.any(Number),
    });

    await standby.stopServer();
    try {
      const before = served();
      const list = await sf(b, '/products?limit=11');
      expect(list.status).toBe(200);
      expect(titles(list)).toEqual(['Straw Hat']);
      const detail = await sf(a, '/products/straw-hat');
      expect(detail.status).toBe(200);
      const analytics = await merchant(b, 'GET', '/analytics?from=2025-03-01&to=2025-03-02');
      expect(analytics.status).toBe(200);
      const d = delta(before);
      expect(d.replica).toBe(0);
      expect(d.unreachable).toBeGreaterThanOrEqual(2 + 4);

      const degraded = await api.http('GET', '/health/ready');
      expect(degraded.status).toBe(200);
      expect(degraded.body.status).toBe('ok');
      expect(degraded.body.details.databaseReplica).toMatchObject({
        status: 'up',
        state: 'degraded',
        message: expect.stringContaining('reads go to the primary'),
      });
    } finally {
      await standby.startServer();
    }
    // Back: the readiness check finds it, and reads return to it.
    const back = await api.http('GET', '/health/ready');
    expect(back.status).toBe(200);
    expect(back.body.details.databaseReplica.state).toBeUndefined();
    const before = served();
    expect((await sf(b, '/products?limit=12')).status).toBe(200);
    expect(delta(before)).toEqual({ replica: 1, behind: 0, unreachable: 0, failed: 0 });
  });
});
