import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MIGRATIONS } from '../../../../migrations';
import type { AppConfig } from '../config/app-config';
import { TenantTx } from '../context/tenant-tx';
import { appRoleOptions } from './app-role';
import { Idempotency } from '../idempotency/idempotency';
import { MigrationRunner } from './migration-runner';
import { ReadReplica } from './read-replica';

/**
 * The one TypeORM DataSource of a process, connected as the application role (row-level
 * security applies to every query); entities come from each context's forFeature. With
 * `DATABASE_READ_URL`, `ReadReplica` holds a second pool, on the replica, as the same role.
 */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(config: AppConfig): DynamicModule {
    const url = config.databaseUrl;
    if (!url) throw new Error('DatabaseModule needs a database URL');
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: async () => ({
            type: 'postgres',
            url,
            autoLoadEntities: true,
            synchronize: false,
            migrationsRun: false,
            migrations: MIGRATIONS,
            extra: { max: 20, application_name: 'silkcart', ...(await appRoleOptions(url)) },
          }),
        }),
      ],
      providers: [TenantTx, MigrationRunner, Idempotency, ReadReplica],
      exports: [TenantTx, MigrationRunner, Idempotency, ReadReplica],
    };
  }
}
