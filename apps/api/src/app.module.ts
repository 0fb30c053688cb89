import { DynamicModule, Module, ModuleMetadata } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, DiscoveryModule } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
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
import { ApiLifecycle } from './api-lifecycle';
import { HealthController } from './health/health.controller';
import { RedisPing } from './health/redis-ping';
import { StartupState } from './health/startup-state';
import { MetricsController } from './http/metrics.controller';
import { AccessGuard } from './http/access.guard';
import { RateLimits } from './http/rate-limits';
import { ProblemFilter } from './http/problem.filter';
import { TenantTxInterceptor } from './http/tenant-tx.interceptor';

export type ExtraModules = NonNullable<ModuleMetadata['imports']>;

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, extra: ExtraModules = []): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(config, 'api'),
        DatabaseModule.forRoot(config),
        JobsModule.forRoot(config),
        MetricsModule,
        TerminusModule.forRoot({ logger: false }),
        DiscoveryModule,
        IdentityModule,
        TenancyModule,
        CatalogModule,
        OrderingModule,
        PaymentsModule,
        NotificationsModule,
        ...extra,
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        RedisPing,
        StartupState,
        ApiLifecycle,
        { provide: APP_FILTER, useClass: ProblemFilter },
        RateLimits,
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_INTERCEPTOR, useClass: TenantTxInterceptor },
      ],
    };
  }
}
