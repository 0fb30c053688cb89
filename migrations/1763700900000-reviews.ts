import { MigrationInterface, QueryRunner } from 'typeorm';

/** Verified-purchase reviews: one per order and product, moderated before they show. */
export class Reviews1763700900000 implements MigrationInterface {
  name = 'Reviews1763700900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table review (
        id uuid primary key default gen_random_uuid(),
        store_id uuid not null references store (id) on delete cascade,
        product_id uuid not null references product (id) on delete cascade,
        order_id uuid not null references customer_order (id) on delete cascade,
        rating integer not null check (rating between 1 and 5),
        title text,
        body text not null,
        author_name text not null,
        status text not null default 'pending' check (status in ('pending', 'published', 'rejected')),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (order_id, product_id)
      )`);
    await q.query(
      `create index review_published on review (product_id, created_at desc, id) where status = 'published'`,
    );
    await q.query(`create index review_store on review (store_id, status, created_at desc, id)`);
    await q.query(`select silkcart_isolate_by_store('review')`);
    await q.query(
      `grant select, insert, update, delete on review to silkcart_app, silkcart_system`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table review`);
  }
}
