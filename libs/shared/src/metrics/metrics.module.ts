import { Global, Module } from '@nestjs/common';
import { Metrics } from './metrics';

/** The process's Prometheus registry, for any context to count what it does. */
@Global()
@Module({ providers: [Metrics], exports: [Metrics] })
export class MetricsModule {}
