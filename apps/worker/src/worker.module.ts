import { DynamicModule, Module, ModuleMetadata } from '@nestjs/common';
import { CatalogModule } from '@silkcart/catalog';
import { IdentityModule } from '@silkcart/identity';
import { NotificationsModule } from '@silkcart/notifications';
import { OrderingModule } from '@silkcart/ordering';
import { PaymentsModule } from '@silkcart/payments';
import {
  AppConfig,
  ConfigModule,
  DatabaseModule,
  JobsModule,
  LoggingModule,
  MetricsModule,
} from '@silkcart/shared';
import { TenancyModule } from '@silkcart/tenancy';
import { WorkerHealth } from './health/worker-health';
import { JobConsumers } from './processors/job-consumers';

@Module({})
export class WorkerModule {
  static forRoot(
    config: AppConfig,
    extra: NonNullable<ModuleMetadata['imports']> = [],
  ): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(config, 'worker'),
        DatabaseModule.forRoot(config),
        JobsModule.forRoot(config),
        MetricsModule,
        IdentityModule,
        TenancyModule,
        CatalogModule,
        OrderingModule,
        PaymentsModule,
        NotificationsModule,
        ...extra,
      ],
      providers: [JobConsumers, WorkerHealth],
    };
  }
}
