import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Store analytics. Reading 100,000 orders (and their items) per request is too slow, so the
 * figures are kept as rollups that triggers maintain in the writing transaction, whoever
 * writes (the api, a job, an operator's SQL):
 *
 * - `sales_rollup`: per store, per UTC quarter hour, per source (a row per source so carts,
 *   checkouts and payments do not queue on one row): sales by `paid_at` (gross, orders, units),
 *   orders by `created_at`, carts by `created_at` (deleting an idle cart keeps its count),
 *   payment outcomes by the payment's `createdAt` in `customer_order.payments`, refunds by
 *   `order_refund.created_at`. Every time zone's offset is a whole number of quarter hours,
 *   so any zone's days, weeks and months are unions of whole buckets, also after a store
 *   changes its zone.
 * - `variant_sales_daily`: per store, UTC day and variant, for the best sellers; the partial
 *   days at the edges of a range are read from the orders themselves.
 * - `order_refund`: when and how much each order's succeeded refunds changed, as ordering
 *   learns it from the payments it shows (payments' own tables are not ordering's to read).
 * - `email_rollup` (the notifications context's): emails sent and failed per store and quarter
 *   hour, by when each was made.
 *
 * Deletes never change a rollup (carts are pruned; orders go only with their store).
 */
export class Analytics1763701600000 implements MigrationInterface {
  name = 'Analytics1763701600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table sales_rollup (
        store_id uuid not null references store (id) on delete cascade,
        bucket timestamptz not null,
        source text not null check (source in ('sale', 'order', 'cart', 'payment', 'refund')),
        gross_sales bigint not null default 0,
        orders integer not null default 0,
        units bigint not null default 0,
        refunds bigint not null default 0,
        orders_created integer not null default 0,
        carts integer not null default 0,
        payments_succeeded integer not null default 0,
        payments_failed integer not null default 0,
        primary key (store_id, bucket, source)
      )`);
    await q.query(`
      create table variant_sales_daily (
        store_id uuid not null references store (id) on delete cascade,
        day date not null,
        variant_id uuid not null,
        units bigint not null default 0,
        gross_sales bigint not null default 0,
        primary key (store_id, day, variant_id)
      )`);
    await q.query(`
      create table order_refund (
        id uuid primary key default gen_random_uuid(),
        store_id uuid not null references store (id) on delete cascade,
        order_id uuid not null references customer_order (id) on delete cascade,
        amount integer not null,
        created_at timestamptz not null default now()
      )`);
    await q.query(`create index order_refund_order on order_refund (order_id)`);
    // The edges of a range for the best sellers: paid orders by time, then their items.
    await q.query(
      `create index customer_order_store_paid on customer_order (store_id, paid_at) where paid_at is not null`,
    );
    // The notifications context's: its emails sent and failed, by when each was made.
    await q.query(`
      create table email_rollup (
        store_id uuid not null references store (id) on delete cascade,
        bucket timestamptz not null,
        sent integer not null default 0,
        failed integer not null default 0,
        primary key (store_id, bucket)
      )`);
    for (const table of ['sales_rollup', 'variant_sales_daily', 'order_refund', 'email_rollup']) {
      await q.query(`select silkcart_isolate_by_store('${table}')`);
    }
    await q.query(
      `grant select, insert, update, delete on sales_rollup, variant_sales_daily, order_refund,
         email_rollup to silkcart_app, silkcart_system`,
    );

    await q.query(`
      create function analytics_bucket(t timestamptz) returns timestamptz
      language sql immutable parallel safe as $$
        select date_bin('15 minutes', t, timestamptz '2000-01-01 00:00:00+00')
      $$`);

    // Adds signed amounts to the rollup rows; rows in key order, so two writers never deadlock.
    const upsert = (columns: string[]) =>
      `on conflict (store_id, bucket, source) do update set ${columns
        .map((c) => `${c} = sales_rollup.${c} + excluded.${c}`)
        .join(', ')}`;
    const SALE = upsert(['gross_sales', 'orders', 'units']);
    const VARIANT = `on conflict (store_id, day, variant_id) do update set
        units = variant_sales_daily.units + excluded.units,
        gross_sales = variant_sales_daily.gross_sales + excluded.gross_sales`;
    const PAYMENTS = (rows: string, sign: string) => `
        select r.store_id, analytics_bucket((p->>'createdAt')::timestamptz) as bucket,
               ${sign} * count(*) filter (where p->>'status' = 'succeeded') as succeeded,
               ${sign} * count(*) filter (where p->>'status' = 'failed') as failed
          from ${rows} r, jsonb_array_elements(case when jsonb_typeof(r.payments) = 'array'
                                                    then r.payments else '[]' end) p
         where p->>'status' in ('succeeded', 'failed') and p->>'createdAt' is not null
         group by 1, 2`;

    // New orders: created (always), sold (an order written as paid, by SQL): units come with
    // the items' own trigger, since items are written after their order.
    await q.query(`
      create function analytics_orders_inserted() returns trigger language plpgsql as $$
      begin
        insert into sales_rollup (store_id, bucket, source, orders_created)
        select store_id, analytics_bucket(created_at), 'order', count(*) from added
         group by 1, 2 order by 1, 2
        ${upsert(['orders_created'])};
        insert into sales_rollup (store_id, bucket, source, gross_sales, orders)
        select store_id, analytics_bucket(paid_at), 'sale', sum(total), count(*) from added
         where paid_at is not null group by 1, 2 order by 1, 2
        ${SALE};
        insert into sales_rollup (store_id, bucket, source, payments_succeeded, payments_failed)
        select store_id, bucket, 'payment', sum(succeeded), sum(failed)
          from (${PAYMENTS('added', '1')}) x group by 1, 2 order by 1, 2
        ${upsert(['payments_succeeded', 'payments_failed'])};
        return null;
      end $$`);
    await q.query(`
      create trigger analytics_orders_inserted after insert on customer_order
        referencing new table as added for each statement execute function analytics_orders_inserted()`);

    // A changed order: what it counted before comes off, what it counts now goes on.
    await q.query(`
      create function analytics_order_changed() returns trigger language plpgsql as $$
      declare
        units bigint;
      begin
        if old.paid_at is distinct from new.paid_at or old.total <> new.total then
          select coalesce(sum(quantity), 0) into units from order_item where order_id = new.id;
          insert into sales_rollup (store_id, bucket, source, gross_sales, orders, units)
          select new.store_id, b, 'sale', sum(g), sum(n), sum(u) from (
            select analytics_bucket(old.paid_at) b, -old.total g, -1 n, -units u where old.paid_at is not null
            union all
            select analytics_bucket(new.paid_at), new.total, 1, units where new.paid_at is not null) x
           group by b order by b
          ${SALE};
          insert into variant_sales_daily (store_id, day, variant_id, units, gross_sales)
          select new.store_id, x.d, i.variant_id, sum(x.s * i.quantity), sum(x.s * i.line_total)
            from order_item i, (
              select (old.paid_at at time zone 'UTC')::date d, -1 s where old.paid_at is not null
              union all
              select (new.paid_at at time zone 'UTC')::date, 1 where new.paid_at is not null) x
           where i.order_id = new.id
           group by x.d, i.variant_id order by x.d, i.variant_id
          ${VARIANT};
        end if;
        if old.created_at <> new.created_at then
          insert into sales_rollup (store_id, bucket, source, orders_created)
          select new.store_id, b, 'order', sum(n) from (
            select analytics_bucket(old.created_at) b, -1 n
            union all select analytics_bucket(new.created_at), 1) x
           group by b order by b
          ${upsert(['orders_created'])};
        end if;
        if old.payments is distinct from new.payments then
          insert into sales_rollup (store_id, bucket, source, payments_succeeded, payments_failed)
          select store_id, bucket, 'payment', sum(succeeded), sum(failed) from (
            ${PAYMENTS('(select old.store_id, old.payments) ', '-1')}
            union all
            ${PAYMENTS('(select new.store_id, new.payments) ', '1')}) x
           group by 1, 2 order by 1, 2
          ${upsert(['payments_succeeded', 'payments_failed'])};
        end if;
        return null;
      end $$`);
    await q.query(`
      create trigger analytics_order_changed after update on customer_order for each row
        when (old.paid_at is distinct from new.paid_at or old.total <> new.total
              or old.created_at <> new.created_at or old.payments is distinct from new.payments)
        execute function analytics_order_changed()`);

    // Items of an order that is paid already (written by SQL): their units and variants.
    await q.query(`
      create function analytics_items_inserted() returns trigger language plpgsql as $$
      begin
        insert into sales_rollup (store_id, bucket, source, units)
        select o.store_id, analytics_bucket(o.paid_at), 'sale', sum(i.quantity)
          from added i join customer_order o on o.id = i.order_id
         where o.paid_at is not null group by 1, 2 order by 1, 2
        ${upsert(['units'])};
        insert into variant_sales_daily (store_id, day, variant_id, units, gross_sales)
        select o.store_id, (o.paid_at at time zone 'UTC')::date, i.variant_id, sum(i.quantity), sum(i.line_total)
          from added i join customer_order o on o.id = i.order_id
         where o.paid_at is not null group by 1, 2, 3 order by 1, 2, 3
        ${VARIANT};
        return null;
      end $$`);
    await q.query(`
      create trigger analytics_items_inserted after insert on order_item
        referencing new table as added for each statement execute function analytics_items_inserted()`);

    await q.query(`
      create function analytics_carts_inserted() returns trigger language plpgsql as $$
      begin
        insert into sales_rollup (store_id, bucket, source, carts)
        select store_id, analytics_bucket(created_at), 'cart', count(*) from added
         group by 1, 2 order by 1, 2
        ${upsert(['carts'])};
        return null;
      end $$`);
    await q.query(`
      create trigger analytics_carts_inserted after insert on cart
        referencing new table as added for each statement execute function analytics_carts_inserted()`);
    await q.query(`
      create function analytics_cart_moved() returns trigger language plpgsql as $$
      begin
        insert into sales_rollup (store_id, bucket, source, carts)
        select new.store_id, b, 'cart', sum(n) from (
          select analytics_bucket(old.created_at) b, -1 n
          union all select analytics_bucket(new.created_at), 1) x
         group by b order by b
        ${upsert(['carts'])};
        return null;
      end $$`);
    await q.query(`
      create trigger analytics_cart_moved after update on cart for each row
        when (old.created_at <> new.created_at) execute function analytics_cart_moved()`);

    await q.query(`
      create function analytics_refunds_changed() returns trigger language plpgsql as $$
      begin
        insert into sales_rollup (store_id, bucket, source, refunds)
        select store_id, b, 'refund', sum(a) from (
          select old.store_id, analytics_bucket(old.created_at) b, -old.amount a where tg_op = 'UPDATE'
          union all select new.store_id, analytics_bucket(new.created_at), new.amount) x
         group by 1, 2 order by 1, 2
        ${upsert(['refunds'])};
        return null;
      end $$`);
    await q.query(`
      create trigger analytics_refunds_changed after insert or update of amount, created_at
        on order_refund for each row execute function analytics_refunds_changed()`);

    // An email counts once it is sent or failed, in the quarter hour it was made.
    await q.query(`
      create function analytics_emails_changed() returns trigger language plpgsql as $$
      begin
        insert into email_rollup (store_id, bucket, sent, failed)
        select store_id, b, sum(s), sum(f) from (
          select old.store_id, analytics_bucket(old.created_at) b,
                 -(old.status = 'sent')::int s, -(old.status = 'failed')::int f
           where tg_op = 'UPDATE' and old.channel = 'email' and old.store_id is not null
          union all
          select new.store_id, analytics_bucket(new.created_at),
                 (new.status = 'sent')::int, (new.status = 'failed')::int
           where new.channel = 'email' and new.store_id is not null) x
         group by 1, 2 having sum(s) <> 0 or sum(f) <> 0 order by 1, 2
        on conflict (store_id, bucket) do update set sent = email_rollup.sent + excluded.sent,
           failed = email_rollup.failed + excluded.failed;
        return null;
      end $$`);
    await q.query(`
      create trigger analytics_emails_inserted after insert on notification for each row
        when (new.status in ('sent', 'failed')) execute function analytics_emails_changed()`);
    await q.query(`
      create trigger analytics_emails_changed after update on notification for each row
        when (old.status is distinct from new.status or old.created_at <> new.created_at)
        execute function analytics_emails_changed()`);

    // What is there already: refunds as the orders show them (their times are the best known),
    // then the rollups of every order, item and cart.
    await q.query(`
      insert into order_refund (store_id, order_id, amount, created_at)
      select o.store_id, o.id, least(o.total, sum((r->>'amount')::int)), max((r->>'createdAt')::timestamptz)
        from customer_order o, jsonb_array_elements(o.payments) p, jsonb_array_elements(p->'refunds') r
       where o.paid_at is not null and r->>'status' = 'succeeded'
       group by o.store_id, o.id, o.total`);
    await q.query(`
      insert into sales_rollup (store_id, bucket, source, gross_sales, orders, units)
      select o.store_id, analytics_bucket(o.paid_at), 'sale', sum(o.total), count(*),
             sum((select coalesce(sum(quantity), 0) from order_item i where i.order_id = o.id))
        from customer_order o where o.paid_at is not null group by 1, 2`);
    await q.query(`
      insert into variant_sales_daily (store_id, day, variant_id, units, gross_sales)
      select o.store_id, (o.paid_at at time zone 'UTC')::date, i.variant_id, sum(i.quantity), sum(i.line_total)
        from customer_order o join order_item i on i.order_id = o.id
       where o.paid_at is not null group by 1, 2, 3`);
    await q.query(`
      insert into sales_rollup (store_id, bucket, source, orders_created)
      select store_id, analytics_bucket(created_at), 'order', count(*) from customer_order group by 1, 2`);
    await q.query(`
      insert into sales_rollup (store_id, bucket, source, payments_succeeded, payments_failed)
      select store_id, bucket, 'payment', sum(succeeded), sum(failed)
        from (${PAYMENTS('customer_order', '1')}) x group by 1, 2`);
    await q.query(`
      insert into sales_rollup (store_id, bucket, source, carts)
      select store_id, analytics_bucket(created_at), 'cart', count(*) from cart group by 1, 2`);
    await q.query(`
      insert into email_rollup (store_id, bucket, sent, failed)
      select store_id, analytics_bucket(created_at), count(*) filter (where status = 'sent'),
             count(*) filter (where status = 'failed')
        from notification where channel = 'email' and store_id is not null
         and status in ('sent', 'failed') group by 1, 2`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop trigger analytics_emails_changed on notification`);
    await q.query(`drop trigger analytics_emails_inserted on notification`);
    await q.query(`drop trigger analytics_refunds_changed on order_refund`);
    await q.query(`drop trigger analytics_cart_moved on cart`);
    await q.query(`drop trigger analytics_carts_inserted on cart`);
    await q.query(`drop trigger analytics_items_inserted on order_item`);
    await q.query(`drop trigger analytics_order_changed on customer_order`);
    await q.query(`drop trigger analytics_orders_inserted on customer_order`);
    await q.query(`drop function analytics_refunds_changed(), analytics_cart_moved(),
      analytics_carts_inserted(), analytics_items_inserted(), analytics_order_changed(),
      analytics_orders_inserted(), analytics_emails_changed(), analytics_bucket(timestamptz)`);
    await q.query(`drop index customer_order_store_paid`);
    await q.query(`drop table email_rollup, order_refund, variant_sales_daily, sales_rollup`);
  }
}
