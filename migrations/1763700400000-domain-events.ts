import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Domain events: one outbox delivery per event and subscriber. The delivery's `type` is the
 * subscriber's name; `(event_id, type)` is unique, so an event reaches each subscriber once.
 */
export class DomainEvents1763700400000 implements MigrationInterface {
  name = 'DomainEvents1763700400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `alter table outbox_message add column event_id uuid, add column event_type text`,
    );
    await q.query(`
      create unique index outbox_message_event_subscriber on outbox_message (event_id, type)
        where event_id is not null`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop index outbox_message_event_subscriber`);
    await q.query(`alter table outbox_message drop column event_id, drop column event_type`);
  }
}
