import { Transform } from 'class-transformer';
import {
  IsBooleanString,
  IsEmail,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
} from 'class-validator';

const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/** The raw environment, as the contract's configuration table names it. */
export class Environment {
  @IsOptional()
  @IsIn(['development', 'test', 'production'])
  NODE_ENV?: 'development' | 'test' | 'production';

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT?: number;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  /** A streaming replica of DATABASE_URL for storefront and analytics reads. */
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'must be a postgres:// or postgresql:// URL' })
  DATABASE_READ_URL?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^rediss?:\/\/.+/, { message: 'must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @MinLength(32)
  JWT_SECRET?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsInt()
  @Min(1)
  @Max(100000)
  AUTH_RATE_LIMIT?: number;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsInt()
  @Min(1)
  @Max(1000000)
  STOREFRONT_RATE_LIMIT?: number;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsInt()
  @Min(1)
  @Max(1000000)
  API_KEY_RATE_LIMIT?: number;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsNumber({ maxDecimalPlaces: 3 })
  @Min(0)
  @Max(86400)
  WEBHOOK_RETRY_BASE_SECONDS?: number;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsIn(['true', 'false'])
  WEBHOOK_ALLOW_PRIVATE?: 'true' | 'false';

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^\s*[^\s,]+(\s*,\s*[^\s,]+)*\s*$/, {
    message: 'DNS_SERVERS must be host:port entries separated by commas',
  })
  DNS_SERVERS?: string;

  /** A path to the service account's JSON key file, or the JSON itself. */
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  GOOGLE_SERVICE_ACCOUNT_JSON?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  GOOGLE_SHEETS_API_BASE?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @MinLength(8)
  OPENAI_API_KEY?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  OPENAI_BASE_URL?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @MinLength(1)
  OPENAI_MODEL?: string;

  /** JSON of the plans' limits, the shape of the contract's table. */
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  PLANS?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^[a-z0-9_-]{1,40}$/, { message: 'DEFAULT_PLAN must be a plan name' })
  DEFAULT_PLAN?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @MinLength(16)
  OPERATOR_TOKEN?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @MinLength(8)
  STRIPE_SECRET_KEY?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @MinLength(8)
  STRIPE_WEBHOOK_SECRET?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  STRIPE_API_BASE?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @MinLength(8)
  STRIPE_CONNECT_WEBHOOK_SECRET?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsNumber({ maxDecimalPlaces: 4 })
  @Min(0)
  @Max(100)
  PLATFORM_FEE_PERCENT?: number;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @MinLength(1)
  PAYPAL_CLIENT_ID?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @MinLength(1)
  PAYPAL_CLIENT_SECRET?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @MinLength(1)
  PAYPAL_WEBHOOK_ID?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  PAYPAL_API_BASE?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @MinLength(8)
  SENDGRID_API_KEY?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  SENDGRID_API_BASE?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^AC[0-9a-fA-F]{32}$/, {
    message: 'must be a Twilio account SID (AC and 32 hex digits)',
  })
  TWILIO_ACCOUNT_SID?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @MinLength(8)
  TWILIO_AUTH_TOKEN?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^(\+[1-9]\d{6,14}|MG[0-9a-fA-F]{32}|[A-Za-z0-9 ]{1,11})$/, {
    message: 'must be an E.164 number, a messaging service SID or an alphanumeric sender',
  })
  TWILIO_FROM?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  TWILIO_API_BASE?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^smtps?:\/\/.+/, { message: 'must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsEmail({ require_tld: false })
  MAIL_FROM?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  PUBLIC_URL?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsIn(['local', 's3'])
  STORAGE_DRIVER?: 'local' | 's3';

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  S3_BUCKET?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  S3_REGION?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  S3_ENDPOINT?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  S3_ACCESS_KEY_ID?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  S3_SECRET_ACCESS_KEY?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  S3_PUBLIC_URL?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsBooleanString()
  S3_FORCE_PATH_STYLE?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsIn(['on', 'off'])
  STOREFRONT_CACHE?: 'on' | 'off';

  // Operational settings beyond the contract's table.
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  CORS_ORIGINS?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsBooleanString()
  MIGRATIONS_RUN?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  DATA_DIR?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsInt()
  @Min(1024)
  @Max(65535)
  EMBEDDED_PG_PORT?: number;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^[a-zA-Z0-9_-]{1,64}$/)
  QUEUE_PREFIX?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsInt()
  @Min(1)
  @Max(50)
  JOB_ATTEMPTS?: number;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsInt()
  @Min(10)
  @Max(3_600_000)
  JOB_BACKOFF_MS?: number;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsInt()
  @Min(1000)
  @Max(3_600_000)
  JOB_LOCK_MS?: number;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsInt()
  @Min(1)
  @Max(64)
  WORKER_CONCURRENCY?: number;

  // Per queue, overriding WORKER_CONCURRENCY; one per name in ALL_QUEUES (loadConfig checks).
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsInt()
  @Min(1)
  @Max(64)
  WORKER_CONCURRENCY_DEFAULT?: number;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsInt()
  @Min(1)
  @Max(64)
  WORKER_CONCURRENCY_EMAIL?: number;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsInt()
  @Min(1)
  @Max(64)
  WORKER_CONCURRENCY_SCHEDULED?: number;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsInt()
  @Min(10)
  @Max(60_000)
  OUTBOX_POLL_MS?: number;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsInt()
  @Min(0)
  @Max(300_000)
  SHUTDOWN_TIMEOUT_MS?: number;
}
