import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Tells readiness whether the database is behind the code. */
@Injectable()
export class MigrationRunner {
  constructor(private readonly ds: DataSource) {}

  /** True while any migration in the code is not yet applied to the database. */
  hasPending(): Promise<boolean> {
    return this.ds.showMigrations();
  }
}
