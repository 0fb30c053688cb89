import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';

const MIGRATION_LOCK = 727_001;

/** Applies pending migrations, one process at a time across replicas. */
@Injectable()
export class MigrationRunner {
  private readonly logger = new Logger(MigrationRunner.name);

  constructor(private readonly ds: DataSource) {}

  async runPending(): Promise<void> {
    const runner = this.ds.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
      const applied = await this.ds.runMigrations({ transaction: 'each' });
      for (const m of applied) this.logger.log(`applied migration ${m.name}`);
    } finally {
      await runner.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
      await runner.release();
    }
  }

  async revertLast(): Promise<void> {
    await this.ds.undoLastMigration({ transaction: 'each' });
  }

  /** True while any migration in the code is not yet applied to the database. */
  hasPending(): Promise<boolean> {
    return this.ds.showMigrations();
  }
}
