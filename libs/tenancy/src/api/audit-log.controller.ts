import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow, Ctx, RequestContext } from '@silkcart/shared';
import { AuditLog } from '../application/audit-log';
import { AuditEntryList } from '../application/tenancy.views';
import { AuditLogQuery } from './stores.dto';

@ApiTags('audit-log')
@ApiBearerAuth()
@ApiParam({ name: 'storeId', format: 'uuid' })
@Controller('stores/:storeId/audit-log')
export class AuditLogController {
  constructor(private readonly log: AuditLog) {}

  @Get()
  @Allow('store.manage')
  @ApiResponse({ status: 200, type: AuditEntryList, description: 'Newest first' })
  list(@Ctx() ctx: RequestContext, @Query() query: AuditLogQuery): Promise<AuditEntryList> {
    return this.log.list(ctx, query);
  }
}
