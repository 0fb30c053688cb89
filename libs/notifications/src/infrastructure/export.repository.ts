import { Injectable } from '@nestjs/common';
import { isoTimestamp, RequestContext, selectPage } from '@silkcart/shared';
import type { ExportScheduleView } from '../application/exports.views';
import type {
  ExportFormat,
  ExportStatus,
  ExportType,
  ScheduleInterval,
  SheetsDestination,
} from '../domain/export';

/** An export as stored; `hasFile` says whether a CSV file was written. */
export interface ExportRecord {
  id: string;
  type: ExportType;
  format: ExportFormat;
  status: ExportStatus;
  dryRun: boolean;
  rowCount: number | null;
  error: string | null;
  hasFile: boolean;
  scheduleId: string | null;
  createdAt: string;
  finishedAt: string | null;
}

/** What a run needs, read when it starts. */
export interface ExportWork {
  id: string;
  type: ExportType;
  format: ExportFormat;
  destination: SheetsDestination | null;
  dryRun: boolean;
  /** PostgreSQL's text of the lower bound (microseconds kept); null: everything. */
  updatedSince: string | null;
  scheduleId: string | null;
}

const EXPORT = `id, type, format, status, dry_run as "dryRun", row_count as "rowCount", error,
  (status = 'succeeded' and format = 'csv' and not dry_run) as "hasFile",
  schedule_id as "scheduleId", ${isoTimestamp('created_at', 'createdAt')},
  ${isoTimestamp('finished_at', 'finishedAt')}`;

const SCHEDULE = `id, type, format, destination, every, ${isoTimestamp('last_run_at', 'lastRunAt')},
  ${isoTimestamp('next_run_at', 'nextRunAt')}, ${isoTimestamp('created_at', 'createdAt')}`;

const INTERVAL_SQL = `case every when 'hour' then interval '1 hour' when 'day' then interval '1 day'
  else interval '7 days' end`;

/**
 * A store's exports and export schedules (row-level security scopes both). Writes that answer
 * rows do it through a CTE: TypeORM answers a bare UPDATE or DELETE as [rows, count].
 */
@Injectable()
export class ExportRepository {
  async insertExport(
    ctx: RequestContext,
    e: {
      type: ExportType;
      format: ExportFormat;
      destination: SheetsDestination | null;
      dryRun: boolean;
      updatedSince: string | null;
      scheduleId: string | null;
    },
  ): Promise<string> {
    const rows: Array<{ id: string }> = await ctx.manager.query(
      `insert into data_export (store_id, type, format, destination, dry_run, updated_since, schedule_id)
       values ($1, $2, $3, $4, $5, $6::timestamptz, $7) returning id`,
      [
        ctx.storeId,
        e.type,
        e.format,
        e.destination ? JSON.stringify(e.destination) : null,
        e.dryRun,
        e.updatedSince,
        e.scheduleId,
      ],
    );
    return rows[0].id;
  }

  async findExport(ctx: RequestContext, id: string): Promise<ExportRecord | null> {
    const rows: ExportRecord[] = await ctx.manager.query(
      `select ${EXPORT} from data_export where id = $1 and store_id = $2`,
      [id, ctx.storeId],
    );
    return rows[0] ?? null;
  }

  exportPage(
    ctx: RequestContext,
    page: { page: number; limit: number },
  ): Promise<[ExportRecord[], number]> {
    return selectPage<ExportRecord>(
      ctx.manager,
      {
        select: EXPORT,
        from: 'data_export',
        where: 'store_id = $1',
        orderBy: 'created_at desc, id',
      },
      [ctx.storeId],
      page,
    );
  }

  /**
   * Marks a queued (or interrupted: a crash left it running) export running and answers its
   * work; null when it is finished or gone. A scheduled run takes its lower bound now, from the
   * schedule's high-water mark, so a run that failed before it leaves its window to this one.
   */
  async start(ctx: RequestContext, id: string): Promise<ExportWork | null> {
    const rows: ExportWork[] = await ctx.manager.query(
      `with s as (
         select e.id, coalesce(sc.since_mark, e.updated_since) as since
           from data_export e left join export_schedule sc on sc.id = e.schedule_id
          where e.id = $1 and e.store_id = $2 and e.status in ('queued', 'running')
          for update of e),
       u as (
         update data_export e
            set status = 'running', started_at = now(), updated_since = s.since
           from s where e.id = s.id
         returning e.*)
       select id, type, format, destination, dry_run as "dryRun",
              updated_since::text as "updatedSince", schedule_id as "scheduleId"
         from u`,
      [id, ctx.storeId],
    );
    return rows[0] ?? null;
  }

  /**
   * Success: the count, and for a scheduled run the schedule's mark moves to when this run
   * started (what changed during the run is exported by the next one).
   */
  async succeed(ctx: RequestContext, id: string, rowCount: number): Promise<void> {
    await ctx.manager.query(
      `with e as (
         update data_export set status = 'succeeded', row_count = $2, error = null,
                finished_at = now()
          where id = $1 and store_id = $3
         returning schedule_id, started_at)
       update export_schedule s
          set since_mark = greatest(s.since_mark, e.started_at)
         from e where s.id = e.schedule_id`,
      [id, rowCount, ctx.storeId],
    );
  }

  /**
   * Failure: the error, the mark left where it was (the window goes to the next run), and a
   * scheduled run is tried again within `retryMs` unless its next run comes sooner.
   */
  async fail(ctx: RequestContext, id: string, error: string, retryMs: number): Promise<void> {
    await ctx.manager.query(
      `with e as (
         update data_export set status = 'failed', row_count = null, error = $2,
                finished_at = now()
          where id = $1 and store_id = $3
         returning schedule_id)
       update export_schedule s
          set next_run_at = least(s.next_run_at, now() + make_interval(secs => $4::float8 / 1000))
         from e where s.id = e.schedule_id`,
      [id, error.slice(0, 2000), ctx.storeId, retryMs],
    );
  }

  async insertSchedule(
    ctx: RequestContext,
    s: {
      type: ExportType;
      format: ExportFormat;
      destination: SheetsDestination | null;
      every: ScheduleInterval;
    },
  ): Promise<ExportScheduleView> {
    const rows: ExportScheduleView[] = await ctx.manager.query(
      `with s as (
         insert into export_schedule (store_id, type, format, destination, every, next_run_at)
         values ($1, $2, $3, $4, $5,
                 now() + case $5 when 'hour' then interval '1 hour' when 'day' then interval '1 day'
                                 else interval '7 days' end)
         returning *)
       select ${SCHEDULE} from s`,
      [
        ctx.storeId,
        s.type,
        s.format,
        s.destination ? JSON.stringify(s.destination) : null,
        s.every,
      ],
    );
    return rows[0];
  }

  listSchedules(ctx: RequestContext): Promise<ExportScheduleView[]> {
    return ctx.manager.query(
      `select ${SCHEDULE} from export_schedule where store_id = $1 order by created_at, id`,
      [ctx.storeId],
    );
  }

  async deleteSchedule(ctx: RequestContext, id: string): Promise<boolean> {
    const rows: unknown[] = await ctx.manager.query(
      `with d as (delete from export_schedule where id = $1 and store_id = $2 returning id)
       select id from d`,
      [id, ctx.storeId],
    );
    return rows.length > 0;
  }

  /** A run of the schedule now: its export, queued; answers its id, or null for no schedule. */
  async queueScheduledRun(ctx: RequestContext, scheduleId: string): Promise<string | null> {
    const rows: Array<{ id: string }> = await ctx.manager.query(
      `with s as (
         update export_schedule set last_run_at = now()
          where id = $1 and store_id = $2
         returning id, store_id, type, format, destination)
       insert into data_export (store_id, type, format, destination, schedule_id)
       select store_id, type, format, destination, id from s
       returning id`,
      [scheduleId, ctx.storeId],
    );
    return rows[0]?.id ?? null;
  }

  /**
   * Across stores: the schedules due now, each moved to its next run (skipping the periods
   * missed) and given a queued export. Answers the exports to start, with their stores.
   */
  async queueDueRuns(
    ctx: RequestContext,
    limit: number,
  ): Promise<Array<{ exportId: string; storeId: string }>> {
    return ctx.manager.query(
      `with due as (
         select id from export_schedule where next_run_at <= now()
          order by next_run_at limit $1 for update skip locked),
       moved as (
         update export_schedule s
            set last_run_at = now(),
                next_run_at = case when s.next_run_at + ${INTERVAL_SQL} > now()
                                   then s.next_run_at + ${INTERVAL_SQL}
                                   else now() + ${INTERVAL_SQL} end
           from due where s.id = due.id
         returning s.id, s.store_id, s.type, s.format, s.destination),
       queued as (
         insert into data_export (store_id, type, format, destination, schedule_id)
         select store_id, type, format, destination, id from moved
         returning id, store_id)
       select id as "exportId", store_id as "storeId" from queued`,
      [limit],
    );
  }
}
