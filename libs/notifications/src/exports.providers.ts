import type { Provider } from '@nestjs/common';
import { ExportRows } from './application/export-rows';
import {
  CreateExport,
  CreateExportSchedule,
  DeleteExportSchedule,
  ExportViews,
  GetExport,
  ListExports,
  ListExportSchedules,
  OpenExportFile,
  RunExportSchedule,
} from './application/export.use-cases';
import { RunExportJob } from './application/run-export.job';
import { ExportFiles } from './infrastructure/export-files';
import { ExportRepository } from './infrastructure/export.repository';
import { GoogleSheets } from './infrastructure/google-sheets';

/** Exports (CSV files and Google Sheets) and their schedules: everything the module provides for them. */
export const EXPORT_PROVIDERS: Provider[] = [
  ExportRepository,
  ExportFiles,
  GoogleSheets,
  ExportRows,
  ExportViews,
  RunExportJob,
  CreateExport,
  ListExports,
  GetExport,
  OpenExportFile,
  CreateExportSchedule,
  ListExportSchedules,
  DeleteExportSchedule,
  RunExportSchedule,
];
