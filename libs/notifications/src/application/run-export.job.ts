import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { JobRegistry, Outbox, RequestContext, StoreId, TenantTx } from '@silkcart/shared';
import { EXPORT_COLUMNS, FAILED_RUN_RETRY_MS } from '../domain/export';
import { SheetsNotConfigured } from '../domain/export.errors';
import { CsvFileWriter, ExportFiles } from '../infrastructure/export-files';
import { ExportRepository, ExportWork } from '../infrastructure/export.repository';
import { GoogleSheets } from '../infrastructure/google-sheets';
import { ExportRows } from './export-rows';
import { RUN_EXPORT_JOB, RunExportPayload } from './export.use-cases';

/** How often the schedule looks for export schedules that are due. */
const SCHEDULE_EVERY_MS = 30_000;
const DUE_BATCH = 100;

/** Where the rows of a run go: counted only, a CSV file, or a sheet. */
interface RowSink {
  write(rows: string[][]): Promise<void>;
  close(): Promise<void>;
  abort(): Promise<void>;
}

/**
 * Runs one export, in steps each committed on its own: mark it running (so its status shows
 * at once), stream its rows page by page to the CSV file or the sheet (no transaction held
 * while waiting on Google or the disk), record the outcome. Any failure, Google's included,
 * ends the export `failed` with its error: the job itself does not throw, so an export never
 * stays running. A run interrupted by a crash is redelivered and starts again.
 *
 * The `notifications.export-schedules` schedule queues a run of every schedule that is due.
 */
@Injectable()
export class RunExportJob implements OnModuleInit {
  private readonly logger = new Logger(RunExportJob.name);

  constructor(
    private readonly registry: JobRegistry,
    private readonly tx: TenantTx,
    private readonly outbox: Outbox,
    private readonly exports: ExportRepository,
    private readonly rows: ExportRows,
    private readonly files: ExportFiles,
    private readonly sheets: GoogleSheets,
  ) {}

  onModuleInit(): void {
    this.registry.register<RunExportPayload>({
      type: RUN_EXPORT_JOB,
      handle: (ctx, { exportId }) => this.run(ctx, exportId),
    });
    this.registry.schedule({
      name: 'notifications.export-schedules',
      everyMs: SCHEDULE_EVERY_MS,
      run: (ctx) => this.queueDue(ctx),
    });
  }

  /** Across stores: a queued export, and its job, for each schedule that is due. */
  async queueDue(ctx: RequestContext): Promise<void> {
    for (const due of await this.exports.queueDueRuns(ctx, DUE_BATCH)) {
      await this.outbox.enqueue<RunExportPayload>(
        ctx.inStore(due.storeId as StoreId, null),
        RUN_EXPORT_JOB,
        { exportId: due.exportId },
      );
    }
  }

  async run(ctx: RequestContext, exportId: string): Promise<void> {
    const work = await this.tx.run(ctx, (c) => this.exports.start(c, exportId));
    if (!work) return;
    let sink: RowSink | null = null;
    try {
      sink = await this.sinkFor(ctx, work);
      let count = 0;
      for await (const page of this.rows.pages(ctx, work.type, work.updatedSince)) {
        await sink.write(page);
        count += page.length;
      }
      await sink.close();
      await this.tx.run(ctx, (c) => this.exports.succeed(c, exportId, count));
    } catch (err) {
      await sink?.abort().catch(() => undefined);
      const error = err instanceof Error ? err.message : String(err);
      this.logger.warn({ exportId, err: error }, 'export failed');
      await this.tx.run(ctx, (c) => this.exports.fail(c, exportId, error, FAILED_RUN_RETRY_MS));
    }
  }

  private async sinkFor(ctx: RequestContext, work: ExportWork): Promise<RowSink> {
    const header = EXPORT_COLUMNS[work.type];
    if (work.dryRun) {
      return { write: async () => undefined, close: async () => undefined, abort: async () => {} };
    }
    if (work.format === 'csv') {
      const file: CsvFileWriter = await this.files.create(ctx.storeId as string, work.id, header);
      return file;
    }
    if (!this.sheets.configured) throw new SheetsNotConfigured();
    if (!work.destination) throw new Error('A Google Sheets export needs a destination');
    const sheet = this.sheets.open(work.destination);
    await sheet.ensureHeader(header);
    return {
      write: (rows) => sheet.append(rows),
      close: async () => undefined,
      abort: async () => undefined,
    };
  }
}
