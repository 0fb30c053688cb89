import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Plans: each store's plan (existing stores keep having no limits: `enterprise`; new ones get
 * DEFAULT_PLAN from the api) and its usage counters, one row per store, limit and period (the
 * month's first day for `ordersPerMonth`, 1970-01-01 for the limits that are not monthly).
 * Writes count in their own transaction with one conditional upsert of the counter row, so
 * concurrent writes queue on it and cannot pass a hard limit. `soft_notified`: the soft-limit
 * email of that limit and period has been sent. Counters start from what the stores hold now.
 */
export class Plans1763701500000 implements MigrationInterface {
  name = 'Plans1763701500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table store add column plan text not null default 'enterprise'`);
    await q.query(`
      create table usage_counter (
        store_id uuid not null references store (id) on delete cascade,
        metric text not null
          check (metric in ('products', 'members', 'apiKeys', 'webhooks', 'ordersPerMonth')),
        period date not null,
        used integer not null default 0 check (used >= 0),
        soft_notified boolean not null default false,
        primary key (store_id, metric, period)
      )`);
    await q.query(`select silkcart_isolate_by_store('usage_counter')`);
    await q.query(
      `grant select, insert, update, delete on usage_counter to silkcart_app, silkcart_system`,
    );

    // As the role whose policy spans stores: the tables are under forced row-level security,
    // which binds the database owner too when it is not a superuser.
    await q.query(`set local role silkcart_system`);
    await q.query(`
      insert into usage_counter (store_id, metric, period, used)
      select s.id, m.metric, m.period, m.used
        from store s
        cross join lateral (values
          ('products', date '1970-01-01',
           (select count(*) from product p where p.store_id = s.id and p.status <> 'archived')),
          ('members', date '1970-01-01',
           (select count(*) from membership m where m.store_id = s.id)),
          ('apiKeys', date '1970-01-01',
           (select count(*) from api_key k where k.store_id = s.id and k.revoked_at is null)),
          ('webhooks', date '1970-01-01',
           (select count(*) from webhook_endpoint w where w.store_id = s.id)),
          ('ordersPerMonth', date_trunc('month', now() at time zone 'utc')::date,
           (select count(*) from customer_order o where o.store_id = s.id
               and o.created_at >= date_trunc('month', now() at time zone 'utc') at time zone 'utc'))
        ) as m (metric, period, used)`);
    await q.query(`reset role`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table usage_counter`);
    await q.query(`alter table store drop column plan`);
  }
}
