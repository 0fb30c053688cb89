import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig, Outbox, Page, pageOf, RequestContext } from '@silkcart/shared';
import type { Readable } from 'node:stream';
import type {
  ExportFormat,
  ExportType,
  ScheduleInterval,
  SheetsDestination,
} from '../domain/export';
import {
  ExportFileNotFound,
  ExportNotFound,
  ExportScheduleNotFound,
  SheetsNotConfigured,
} from '../domain/export.errors';
import { ExportFiles } from '../infrastructure/export-files';
import { ExportRecord, ExportRepository } from '../infrastructure/export.repository';
import { GoogleSheets } from '../infrastructure/google-sheets';
import type { ExportScheduleView, ExportView, QueuedExportView } from './exports.views';

// The merchant side of exports and export schedules: each a line or two over one repository;
// one file keeps them together. The work itself is RunExportJob's.

export const RUN_EXPORT_JOB = 'notifications.run-export';

export interface RunExportPayload {
  exportId: string;
}

/** The export as the api shows it: `fileUrl` once a CSV export (not a dry run) succeeded. */
@Injectable()
export class ExportViews {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  of(ctx: RequestContext, { hasFile, ...record }: ExportRecord): ExportView {
    const fileUrl = hasFile
      ? `${this.config.publicUrl}/api/v1/stores/${ctx.storeId}/exports/${record.id}/file`
      : null;
    return { ...record, fileUrl };
  }
}

/** Refuses a Sheets export or schedule when no service account is configured (503). */
function requireSheets(sheets: GoogleSheets, format: ExportFormat): void {
  if (format === 'google-sheets' && !sheets.configured) throw new SheetsNotConfigured();
}

/** A new export, queued: its job starts with the request's commit. */
@Injectable()
export class CreateExport {
  constructor(
    private readonly exports: ExportRepository,
    private readonly outbox: Outbox,
    private readonly sheets: GoogleSheets,
  ) {}

  async execute(
    ctx: RequestContext,
    input: {
      type: ExportType;
      format: ExportFormat;
      destination?: SheetsDestination;
      updatedSince?: string;
      dryRun?: boolean;
    },
  ): Promise<QueuedExportView> {
    requireSheets(this.sheets, input.format);
    const id = await this.exports.insertExport(ctx, {
      type: input.type,
      format: input.format,
      destination: input.destination ?? null,
      dryRun: input.dryRun ?? false,
      updatedSince: input.updatedSince ?? null,
      scheduleId: null,
    });
    await this.outbox.enqueue<RunExportPayload>(ctx, RUN_EXPORT_JOB, { exportId: id });
    return { id, status: 'queued' };
  }
}

@Injectable()
export class ListExports {
  constructor(
    private readonly exports: ExportRepository,
    private readonly views: ExportViews,
  ) {}

  async execute(
    ctx: RequestContext,
    query: { page: number; limit: number },
  ): Promise<Page<ExportView>> {
    const [items, total] = await this.exports.exportPage(ctx, query);
    return pageOf(
      items.map((e) => this.views.of(ctx, e)),
      total,
      query,
    );
  }
}

@Injectable()
export class GetExport {
  constructor(
    private readonly exports: ExportRepository,
    private readonly views: ExportViews,
  ) {}

  async execute(ctx: RequestContext, id: string): Promise<ExportView> {
    const found = await this.exports.findExport(ctx, id);
    if (!found) throw new ExportNotFound();
    return this.views.of(ctx, found);
  }
}

/** The CSV file of a finished CSV export, streamed from disk. */
@Injectable()
export class OpenExportFile {
  constructor(
    private readonly exports: ExportRepository,
    private readonly files: ExportFiles,
  ) {}

  async execute(ctx: RequestContext, id: string): Promise<{ stream: Readable; filename: string }> {
    const found = await this.exports.findExport(ctx, id);
    if (!found?.hasFile) throw new ExportFileNotFound();
    const stream = await this.files.open(ctx.storeId as string, id);
    if (!stream) throw new ExportFileNotFound();
    return { stream, filename: `${found.type}-${id}.csv` };
  }
}

@Injectable()
export class CreateExportSchedule {
  constructor(
    private readonly exports: ExportRepository,
    private readonly sheets: GoogleSheets,
  ) {}

  execute(
    ctx: RequestContext,
    input: {
      type: ExportType;
      format: ExportFormat;
      destination?: SheetsDestination;
      every: ScheduleInterval;
    },
  ): Promise<ExportScheduleView> {
    requireSheets(this.sheets, input.format);
    return this.exports.insertSchedule(ctx, {
      type: input.type,
      format: input.format,
      destination: input.destination ?? null,
      every: input.every,
    });
  }
}

@Injectable()
export class ListExportSchedules {
  constructor(private readonly exports: ExportRepository) {}

  execute(ctx: RequestContext): Promise<ExportScheduleView[]> {
    return this.exports.listSchedules(ctx);
  }
}

/** Removes the schedule; its past exports stay, without their `scheduleId`. */
@Injectable()
export class DeleteExportSchedule {
  constructor(private readonly exports: ExportRepository) {}

  async execute(ctx: RequestContext, id: string): Promise<void> {
    if (!(await this.exports.deleteSchedule(ctx, id))) throw new ExportScheduleNotFound();
  }
}

/** A run of the schedule now, besides its regular ones; it exports what changed since its mark. */
@Injectable()
export class RunExportSchedule {
  constructor(
    private readonly exports: ExportRepository,
    private readonly outbox: Outbox,
  ) {}

  async execute(ctx: RequestContext, scheduleId: string): Promise<{ exportId: string }> {
    const exportId = await this.exports.queueScheduledRun(ctx, scheduleId);
    if (!exportId) throw new ExportScheduleNotFound();
    await this.outbox.enqueue<RunExportPayload>(ctx, RUN_EXPORT_JOB, { exportId });
    return { exportId };
  }
}
