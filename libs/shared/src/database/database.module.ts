import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MIGRATIONS } from '../../../../migrations';
import type { AppConfig } from '../config/app-config';
import { TenantTx } from '../context/tenant-tx';
import { MigrationRunner } from './migration-runner';

/** The one TypeORM DataSource of a process; entities come from each context's forFeature. */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(config: AppConfig): DynamicModule {
    if (!config.databaseUrl) throw new Error('DatabaseModule needs a database URL');
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: config.databaseUrl,
          autoLoadEntities: true,
          synchronize: false,
          migrationsRun: false,
          migrations: MIGRATIONS,
          migrationsTransactionMode: 'each',
          extra: { max: 20, application_name: 'silkcart' },
        }),
      ],
      providers: [TenantTx, MigrationRunner],
      exports: [TenantTx, MigrationRunner],
    };
  }
}
