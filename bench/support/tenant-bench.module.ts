import { Controller, Get, Header, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Allow, APP_CONFIG, AppConfig, Ctx, Public, RequestContext } from '@silkcart/shared';
import { DataSource } from 'typeorm';

const RECENT_ACTIVITY = `select id, action, created_at from store_activity`;

/**
 * Two reads of a store's recent activity behind the same guard: one in the request's tenant
 * transaction, where row-level security does the filtering, and one with no transaction on a
 * connection that bypasses RLS, filtering with a WHERE clause instead.
 */
@ApiExcludeController()
@Controller('bench/stores/:storeId/activity')
class TenantBenchController implements OnApplicationShutdown {
  private readonly owner: DataSource;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.owner = new DataSource({
      type: 'postgres',
      url: config.databaseUrl as string,
      extra: { max: 20 },
    });
  }

  @Get('rls')
  @Allow('store.read')
  async withRls(@Ctx() ctx: RequestContext): Promise<unknown> {
    return ctx.manager.query(`${RECENT_ACTIVITY} order by created_at desc limit 20`);
  }

  @Get('plain')
  @Allow('store.read', { transaction: false })
  async withoutRls(@Ctx() ctx: RequestContext): Promise<unknown> {
    if (!this.owner.isInitialized) await this.owner.initialize();
    return this.owner.query(
      `${RECENT_ACTIVITY} where store_id = $1 order by created_at desc limit 20`,
      [ctx.storeId],
    );
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.owner.isInitialized) await this.owner.destroy();
  }
}

/** A fixed JSON string through the api's whole stack: the floor of any route of this app. */
@ApiExcludeController()
@Controller('bench/fixed')
class FixedController {
  static body = '{"ok":true}';

  @Get()
  @Public({ transaction: false })
  @Header('content-type', 'application/json; charset=utf-8')
  fixed(): string {
    return FixedController.body;
  }
}

export function setFixedBody(body: string): void {
  FixedController.body = body;
}

@Module({ controllers: [TenantBenchController, FixedController] })
export class TenantBenchModule {}
