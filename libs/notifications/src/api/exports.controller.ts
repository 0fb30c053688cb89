import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  StreamableFile,
} from '@nestjs/common';
import { ApiBearerAuth, ApiParam, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  Allow,
  Audit,
  Ctx,
  IdParam,
  Idempotent,
  Page,
  PageQuery,
  RequestContext,
} from '@silkcart/shared';
import {
  CreateExport,
  CreateExportSchedule,
  DeleteExportSchedule,
  GetExport,
  ListExports,
  ListExportSchedules,
  OpenExportFile,
  RunExportSchedule,
} from '../application/export.use-cases';
import {
  ExportPage,
  ExportScheduleList,
  ExportScheduleView,
  ExportView,
  QueuedExportView,
  ScheduledRunView,
} from '../application/exports.views';
import { CreateExportDto, CreateExportScheduleDto } from './exports.dto';

const NOT_CONFIGURED = 'google-sheets without GOOGLE_SERVICE_ACCOUNT_JSON';

@ApiTags('exports')
@ApiBearerAuth()
@ApiParam({ name: 'storeId', format: 'uuid' })
@Controller('stores/:storeId')
export class ExportsController {
  constructor(
    private readonly createExport: CreateExport,
    private readonly listExports: ListExports,
    private readonly getExport: GetExport,
    private readonly openFile: OpenExportFile,
    private readonly scheduleCreation: CreateExportSchedule,
    private readonly listSchedules: ListExportSchedules,
    private readonly deleteSchedule: DeleteExportSchedule,
    private readonly runSchedule: RunExportSchedule,
  ) {}

  @Post('exports')
  @HttpCode(202)
  @Allow('export.write')
  @Idempotent()
  @ApiResponse({ status: 202, type: QueuedExportView, description: 'The export is queued' })
  @ApiResponse({
    status: 400,
    description: 'destination missing for google-sheets, or given for csv',
  })
  @ApiResponse({ status: 503, description: NOT_CONFIGURED })
  create(@Ctx() ctx: RequestContext, @Body() dto: CreateExportDto): Promise<QueuedExportView> {
    return this.createExport.execute(ctx, dto);
  }

  @Get('exports')
  @Allow('store.read')
  @ApiResponse({ status: 200, type: ExportPage, description: 'Newest first' })
  list(@Ctx() ctx: RequestContext, @Query() query: PageQuery): Promise<Page<ExportView>> {
    return this.listExports.execute(ctx, { page: query.page, limit: query.limit });
  }

  @Get('exports/:exportId')
  @Allow('store.read')
  @ApiParam({ name: 'exportId', format: 'uuid' })
  @ApiResponse({ status: 200, type: ExportView })
  @ApiResponse({ status: 404, description: 'No such export in this store' })
  get(@Ctx() ctx: RequestContext, @Param('exportId', IdParam) id: string): Promise<ExportView> {
    return this.getExport.execute(ctx, id);
  }

  @Get('exports/:exportId/file')
  @Allow('store.read')
  @ApiParam({ name: 'exportId', format: 'uuid' })
  @ApiProduces('text/csv')
  @ApiResponse({ status: 200, description: 'The CSV file (RFC 4180, UTF-8, a header row)' })
  @ApiResponse({ status: 404, description: 'Not a finished CSV export of this store' })
  async file(
    @Ctx() ctx: RequestContext,
    @Param('exportId', IdParam) id: string,
  ): Promise<StreamableFile> {
    const { stream, filename } = await this.openFile.execute(ctx, id);
    return new StreamableFile(stream, {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="${filename}"`,
    });
  }

  @Post('export-schedules')
  @Allow('export.write')
  @Idempotent()
  @ApiResponse({ status: 201, type: ExportScheduleView })
  @ApiResponse({
    status: 400,
    description: 'destination missing for google-sheets, or given for csv',
  })
  @ApiResponse({ status: 503, description: NOT_CONFIGURED })
  createSchedule(
    @Ctx() ctx: RequestContext,
    @Body() dto: CreateExportScheduleDto,
  ): Promise<ExportScheduleView> {
    return this.scheduleCreation.execute(ctx, dto);
  }

  @Get('export-schedules')
  @Allow('store.read')
  @ApiResponse({ status: 200, type: ExportScheduleList })
  async schedules(@Ctx() ctx: RequestContext): Promise<ExportScheduleList> {
    return { items: await this.listSchedules.execute(ctx) };
  }

  @Delete('export-schedules/:scheduleId')
  @HttpCode(204)
  @Allow('export.write')
  @ApiParam({ name: 'scheduleId', format: 'uuid' })
  @ApiResponse({ status: 204, description: 'Its past exports stay' })
  @ApiResponse({ status: 404, description: 'No such schedule in this store' })
  async removeSchedule(
    @Ctx() ctx: RequestContext,
    @Param('scheduleId', IdParam) id: string,
  ): Promise<void> {
    await this.deleteSchedule.execute(ctx, id);
  }

  @Post('export-schedules/:scheduleId/run')
  @HttpCode(202)
  @Allow('export.write')
  @Idempotent()
  @Audit('export_schedule.run')
  @ApiParam({ name: 'scheduleId', format: 'uuid' })
  @ApiResponse({ status: 202, type: ScheduledRunView, description: 'A run now' })
  @ApiResponse({ status: 404, description: 'No such schedule in this store' })
  run(
    @Ctx() ctx: RequestContext,
    @Param('scheduleId', IdParam) id: string,
  ): Promise<ScheduledRunView> {
    return this.runSchedule.execute(ctx, id);
  }
}
