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
} from 'class-validator';
import { ApiExcludeController } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { JobRegistry, Outbox, Public, RequestContext, TenantTx } from '@silkcart/shared';

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
  ) {}

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

@Module({ controllers: [TestController], providers: [TestJobs] })
export class TestJobsModule {}

export const TEST_JOB_TABLES = `
  create table if not exists test_job_attempt (key text not null, pid int not null, at timestamptz not null default clock_timestamp());
  create table if not exists test_job_effect (key text not null, pid int not null, at timestamptz not null default clock_timestamp());
  grant all on test_job_attempt, test_job_effect to public;`;
