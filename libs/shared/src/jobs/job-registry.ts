import { Injectable } from '@nestjs/common';
import { JobHandler, ScheduledJob } from './job.types';

/** Where contexts declare their job types and schedules, usually in `onModuleInit`. */
@Injectable()
export class JobRegistry {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly schedules = new Map<string, ScheduledJob>();

  register<P>(handler: JobHandler<P>): void {
    if (this.handlers.has(handler.type)) {
      throw new Error(`Job type ${handler.type} is registered twice`);
    }
    this.handlers.set(handler.type, handler as JobHandler);
  }

  schedule(job: ScheduledJob): void {
    if (this.schedules.has(job.name)) throw new Error(`Schedule ${job.name} is registered twice`);
    this.schedules.set(job.name, job);
  }

  handler(type: string): JobHandler {
    const handler = this.handlers.get(type);
    if (!handler) throw new Error(`No handler for job type ${type}`);
    return handler;
  }

  scheduled(): ScheduledJob[] {
    return [...this.schedules.values()];
  }

  scheduledJob(name: string): ScheduledJob {
    const job = this.schedules.get(name);
    if (!job) throw new Error(`No schedule named ${name}`);
    return job;
  }
}
