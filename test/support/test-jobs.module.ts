import { Body, Controller, HttpCode, Injectable, Module, OnModuleInit, Post } from '@nestjs/common';
import { Type } from 'class-transformer';
import {
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
  ArrayMaxSize,
  IsArray,
  IsBoolean,
} from 'class-validator';
import { ApiExcludeController } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import {
  defineEvent,
  EventBus,
  InvalidInput,
  JobRegistry,
  Outbox,
  PublishedEvent,
  Public,
  RequestContext,
  Subscribe,
  TenantTx,
} from '@silkcart/shared';

/**
 * Job types and routes that only tests register: `test.record` writes an attempt row
 * outside its transaction and an effect row inside it (sleeping first on its first
 * attempt when asked, so a test can kill the process mid-job); `test.fail` always throws.
 */
class EnqueueDto {
  @IsString() @Length(1, 64) key: string;
  @IsOptional() @IsInt() @Min(0) @Max(120_000) sleepFirstAttemptMs?: number;
  @IsOptional() @IsString() @Matches(/^test\.(record|fail)$/) type?: string;
}

class PublishDto {
  @IsString() @Length(1, 64) key: string;
  /** Subscriber b fails this many attempts before it succeeds. */
  @IsOptional() @IsInt() @Min(0) @Max(10) failFirst?: number;
  /** Subscriber c sleeps this long on its first attempt (so a test can kill the process). */
  @IsOptional() @IsInt() @Min(0) @Max(120_000) sleepFirstAttemptMs?: number;
  /** Publish, then fail the request: its transaction rolls back. */
  @IsOptional() @IsBoolean() failAfterPublish?: boolean;
}

interface TestFactData {
  key: string;
  failFirst: number;
  sleepFirstAttemptMs: number;
}

/** An event only tests publish; three subscribers, each in a module of its own. */
export const TestFact = defineEvent<TestFactData>('test.fact');

class LineDto {
  @IsString() @Length(1, 20) sku: string;
  @IsInt() @Min(1) quantity: number;
}

class AddressDto {
  @IsString()
  @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO-3166 alpha-2 code' })
  country: string;
}

class EchoDto {
  @IsString() @Length(1, 50) name: string;
  @IsOptional() @ValidateNested() @Type(() => AddressDto) address?: AddressDto;
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => LineDto)
  items?: LineDto[];
}

@ApiExcludeController()
@Public({ transaction: false })
@Controller('test')
class TestController {
  constructor(
    private readonly tx: TenantTx,
    private readonly outbox: Outbox,
    private readonly events: EventBus,
  ) {}

  @Post('events')
  @HttpCode(202)
  async publish(@Body() dto: PublishDto): Promise<{ eventId: string }> {
    const ctx = RequestContext.anonymous(`test-${dto.key}`);
    const eventId = await this.tx.run(ctx, (c) =>
      this.events
        .publish(c, TestFact, {
          key: dto.key,
          failFirst: dto.failFirst ?? 0,
          sleepFirstAttemptMs: dto.sleepFirstAttemptMs ?? 0,
        })
        .then((id) => {
          if (dto.failAfterPublish) throw new InvalidInput('failed after publishing', []);
          return id;
        }),
    );
    return { eventId };
  }

  @Post('jobs')
  @HttpCode(202)
  async enqueue(@Body() dto: EnqueueDto): Promise<{ jobId: string }> {
    const ctx = RequestContext.anonymous(`test-${dto.key}`);
    const jobId = await this.tx.run(ctx, (c) =>
      this.outbox.enqueue(c, dto.type ?? 'test.record', {
        key: dto.key,
        sleepFirstAttemptMs: dto.sleepFirstAttemptMs ?? 0,
      }),
    );
    return { jobId };
  }

  @Post('echo')
  echo(@Body() dto: EchoDto): EchoDto {
    return dto;
  }
}

interface RecordPayload {
  key: string;
  sleepFirstAttemptMs: number;
}

@Injectable()
class TestJobs implements OnModuleInit {
  constructor(
    private readonly registry: JobRegistry,
    private readonly ds: DataSource,
  ) {}

  onModuleInit(): void {
    this.registry.register<RecordPayload>({
      type: 'test.record',
      handle: async (ctx, payload) => {
        // Outside the job's transaction, so the attempt survives a crash; `n` counts the
        // earlier attempts (a statement does not see its own insert).
        const [{ n }] = await this.ds.query(
          `with a as (insert into test_job_attempt (key, pid) values ($1, $2) returning key)
           select count(*)::int as n from test_job_attempt where key = $1`,
          [payload.key, process.pid],
        );
        if (n === 0 && payload.sleepFirstAttemptMs > 0) {
          await new Promise((r) => setTimeout(r, payload.sleepFirstAttemptMs));
        }
        await ctx.manager.query(`insert into test_job_effect (key, pid) values ($1, $2)`, [
          payload.key,
          process.pid,
        ]);
      },
    });
    this.registry.register({
      type: 'test.fail',
      attempts: 3,
      handle: async () => {
        throw new Error('this job always fails');
      },
    });
  }
}

/**
 * Records an attempt outside the delivery's transaction (it survives a crash or a failure)
 * and answers how many came before it.
 */
async function recordAttempt(ds: DataSource, key: string): Promise<number> {
  const [{ n }] = await ds.query(
    `with a as (insert into test_job_attempt (key, pid) values ($1, $2) returning key)
     select count(*)::int as n from test_job_attempt where key = $1`,
    [key, process.pid],
  );
  return n;
}

async function recordEffect(ctx: RequestContext, key: string): Promise<void> {
  await ctx.manager.query(`insert into test_job_effect (key, pid) values ($1, $2)`, [
    key,
    process.pid,
  ]);
}

@Injectable()
@Subscribe(TestFact, { name: 'test.subscriber-a' })
class SubscriberA {
  constructor(private readonly ds: DataSource) {}
  async handle(ctx: RequestContext, event: PublishedEvent<TestFactData>): Promise<void> {
    await recordAttempt(this.ds, `${event.data.key}:a`);
    await recordEffect(ctx, `${event.data.key}:a`);
  }
}

@Injectable()
@Subscribe(TestFact, { name: 'test.subscriber-b', attempts: 5 })
class SubscriberB {
  constructor(private readonly ds: DataSource) {}
  async handle(ctx: RequestContext, event: PublishedEvent<TestFactData>): Promise<void> {
    const before = await recordAttempt(this.ds, `${event.data.key}:b`);
    if (before < event.data.failFirst) throw new Error(`b fails attempt ${before + 1}`);
    await recordEffect(ctx, `${event.data.key}:b`);
  }
}

@Injectable()
@Subscribe(TestFact, { name: 'test.subscriber-c' })
class SubscriberC {
  constructor(private readonly ds: DataSource) {}
  async handle(ctx: RequestContext, event: PublishedEvent<TestFactData>): Promise<void> {
    const before = await recordAttempt(this.ds, `${event.data.key}:c`);
    if (before === 0 && event.data.sleepFirstAttemptMs > 0) {
      await new Promise((r) => setTimeout(r, event.data.sleepFirstAttemptMs));
    }
    await recordEffect(ctx, `${event.data.key}:c`);
  }
}

// Three modules, as three contexts would each hold their own subscriber.
@Module({ providers: [SubscriberA] })
class SubscriberAModule {}
@Module({ providers: [SubscriberB] })
class SubscriberBModule {}
@Module({ providers: [SubscriberC] })
class SubscriberCModule {}

@Module({
  imports: [SubscriberAModule, SubscriberBModule, SubscriberCModule],
  controllers: [TestController],
  providers: [TestJobs],
})
export class TestJobsModule {}

export const TEST_JOB_TABLES = `
  create table if not exists test_job_attempt (key text not null, pid int not null, at timestamptz not null default clock_timestamp());
  create table if not exists test_job_effect (key text not null, pid int not null, at timestamptz not null default clock_timestamp());
  grant all on test_job_attempt, test_job_effect to public;`;
