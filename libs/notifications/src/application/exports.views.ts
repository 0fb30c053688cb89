import { ApiProperty } from '@nestjs/swagger';
import { PageMeta } from '@silkcart/shared';
import {
  EXPORT_FORMATS,
  EXPORT_STATUSES,
  EXPORT_TYPES,
  SCHEDULE_INTERVALS,
  type ExportFormat,
  type ExportStatus,
  type ExportType,
  type ScheduleInterval,
} from '../domain/export';

export class QueuedExportView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['queued'] }) status: 'queued';
}

export class ExportView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: EXPORT_TYPES }) type: ExportType;
  @ApiProperty({ enum: EXPORT_FORMATS }) format: ExportFormat;
  @ApiProperty({ enum: EXPORT_STATUSES }) status: ExportStatus;
  @ApiProperty() dryRun: boolean;
  @ApiProperty({
    nullable: true,
    type: 'integer',
    description: 'Rows written (or, for a dry run, counted); null until it succeeded',
  })
  rowCount: number | null;
  @ApiProperty({ nullable: true, type: 'string', description: 'Why it failed' })
  error: string | null;
  @ApiProperty({
    nullable: true,
    type: 'string',
    description: 'The CSV file once a CSV export (not a dry run) succeeded',
  })
  fileUrl: string | null;
  @ApiProperty({ nullable: true, type: 'string', format: 'uuid' }) scheduleId: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ nullable: true, type: 'string', format: 'date-time' }) finishedAt: string | null;
}

export class ExportPage extends PageMeta {
  @ApiProperty({ type: [ExportView] }) items: ExportView[];
}

export class SheetsDestinationView {
  @ApiProperty() spreadsheetId: string;
  @ApiProperty() sheetName: string;
}

export class ExportScheduleView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: EXPORT_TYPES }) type: ExportType;
  @ApiProperty({ enum: EXPORT_FORMATS }) format: ExportFormat;
  @ApiProperty({ type: SheetsDestinationView, nullable: true })
  destination: SheetsDestinationView | null;
  @ApiProperty({ enum: SCHEDULE_INTERVALS }) every: ScheduleInterval;
  @ApiProperty({ nullable: true, type: 'string', format: 'date-time' }) lastRunAt: string | null;
  @ApiProperty({ format: 'date-time' }) nextRunAt: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class ExportScheduleList {
  @ApiProperty({ type: [ExportScheduleView] }) items: ExportScheduleView[];
}

export class ScheduledRunView {
  @ApiProperty({ format: 'uuid' }) exportId: string;
}
