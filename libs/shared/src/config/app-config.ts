import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { ALL_QUEUES } from '../jobs/job.types';
import { Environment } from './environment';

export interface AppConfig {
  env: 'development' | 'test' | 'production';
  port: number;
  /** null: start an embedded PostgreSQL under dataDir/pg. */
  databaseUrl: string | null;
  /**
   * A streaming replica of the database: storefront read-model queries and analytics read
   * there (each falls back to the primary when the replica is behind the store's catalog
   * version, or unreachable); null: every query goes to databaseUrl.
   */
  databaseReadUrl: string | null;
  redisUrl: string | null;
  jwtSecret: string;
  authRateLimit: number;
  /** Storefront writes a minute per client IP and store. */
  storefrontRateLimit: number;
  /** Requests a minute per secret API key. */
  apiKeyRateLimit: number;
  webhooks: {
    /** The first retry delay of an outbound webhook delivery, doubling after each attempt. */
    retryBaseSeconds: number;
    /** Deliver to loopback, private, link-local and metadata addresses too. */
    allowPrivate: boolean;
  };
  /** Resolvers for domain verification (`host:port`); empty: the system's. */
  dnsServers: string[];
  google: {
    /** The service account key: a path to its JSON file or the JSON itself; null: no Sheets. */
    serviceAccountJson: string | null;
    /** Another Sheets API address (a test double); Google's own when null. */
    sheetsApiBase: string | null;
  };
  openai: {
    apiKey: string | null;
    /** Another OpenAI API address (a test double); OpenAI's own when null. */
    baseUrl: string | null;
    model: string;
  };
  plans: {
    /** PLANS as given (JSON of the contract's table shape); null: the contract's defaults. */
    json: string | null;
    /** The plan of new stores. */
    defaultPlan: string;
    /** The operator's bearer token; null: /operator/* answers 404. */
    operatorToken: string | null;
  };
  stripe: {
    secretKey: string | null;
    webhookSecret: string | null;
    /** Connect events' signing secret; the webhook secret when unset. */
    connectWebhookSecret: string | null;
    apiBase: string | null;
    /** The platform's fee on connected stores' payments, in percent; null: none. */
    platformFeePercent: number | null;
  };
  paypal: {
    clientId: string | null;
    clientSecret: string | null;
    webhookId: string | null;
    apiBase: string;
  };
  mail: {
    sendgridApiKey: string | null;
    /** Another SendGrid API address (a test double); SendGrid's own when null. */
    sendgridApiBase: string | null;
    smtpUrl: string | null;
    from: string;
  };
  twilio: {
    accountSid: string | null;
    authToken: string | null;
    from: string | null;
    apiBase: string | null;
  };
  publicUrl: string;
  storage: {
    driver: 'local' | 's3';
    s3: {
      bucket: string | null;
      region: string | null;
      endpoint: string | null;
      accessKeyId: string | null;
      secretAccessKey: string | null;
      publicUrl: string | null;
      forcePathStyle: boolean;
    };
  };
  storefrontCache: boolean;
  logLevel: string;
  corsOrigins: string[] | true;
  migrationsRun: boolean;
  dataDir: string;
  embeddedPgPort: number;
  jobs: {
    queuePrefix: string;
    attempts: number;
    backoffMs: number;
    lockMs: number;
    /** WORKER_CONCURRENCY: the default of every queue. */
    concurrency: number;
    /** Jobs a worker runs at once per queue: WORKER_CONCURRENCY_<QUEUE>, else the default. */
    queueConcurrency: Record<QueueName, number>;
    pollMs: number;
  };
  shutdownTimeoutMs: number;
}

export class ConfigError extends Error {}

type QueueName = (typeof ALL_QUEUES)[number];

/** WORKER_CONCURRENCY_<QUEUE>, read as a key of Environment: a queue without one does not compile. */
const concurrencyVariable = (queue: QueueName) =>
  `WORKER_CONCURRENCY_${queue.toUpperCase() as Uppercase<QueueName>}` as const;
const concurrencyVariables = Object.fromEntries(ALL_QUEUES.map((q) => [concurrencyVariable(q), q]));

export interface LoadConfigOptions {
  /** Which app the config is for: PORT defaults to 3000 for the api, 3001 for the worker. */
  app?: 'api' | 'worker';
}

function describe(errors: ValidationError[]): string {
  return errors
    .map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`)
    .join('\n  ');
}

/** Reads and validates the environment; throws a ConfigError naming every bad variable. */
export function loadConfig(
  source: NodeJS.ProcessEnv = process.env,
  options: LoadConfigOptions = {},
): AppConfig {
  const raw = plainToInstance(Environment, { ...source }, { enableImplicitConversion: true });
  const errors = validateSync(raw, { skipMissingProperties: false });
  if (errors.length > 0) {
    throw new ConfigError(`Invalid configuration:\n  ${describe(errors)}`);
  }
  // A misspelt queue would otherwise be ignored without a word.
  const unknownQueues = Object.keys(source).filter(
    (k) => k.startsWith('WORKER_CONCURRENCY_') && !(k in concurrencyVariables),
  );
  if (unknownQueues.length > 0) {
    throw new ConfigError(
      `Invalid configuration:\n  ${unknownQueues.join(', ')}: no such queue (queues: ${ALL_QUEUES.join(', ')})`,
    );
  }
  const env = raw.NODE_ENV ?? 'development';
  const port = raw.PORT ?? (options.app === 'worker' ? 3001 : 3000);
  const concurrency = raw.WORKER_CONCURRENCY ?? 4;
  const dataDir = resolve(raw.DATA_DIR ?? '.data');
  const storageDriver = raw.STORAGE_DRIVER ?? 'local';
  if (storageDriver === 's3' && !raw.S3_BUCKET) {
    throw new ConfigError('Invalid configuration:\n  S3_BUCKET: required when STORAGE_DRIVER=s3');
  }
  if (raw.DATABASE_READ_URL && !raw.DATABASE_URL) {
    throw new ConfigError(
      'Invalid configuration:\n  DATABASE_READ_URL: needs DATABASE_URL (the primary it replicates)',
    );
  }
  if (env === 'production' && !raw.JWT_SECRET) {
    throw new ConfigError(
      'Invalid configuration:\n  JWT_SECRET: required when NODE_ENV=production',
    );
  }
  return {
    env,
    port,
    databaseUrl: raw.DATABASE_URL ?? null,
    databaseReadUrl: raw.DATABASE_READ_URL ?? null,
    redisUrl: raw.REDIS_URL ?? null,
    jwtSecret: raw.JWT_SECRET ?? developmentJwtSecret(dataDir),
    authRateLimit: raw.AUTH_RATE_LIMIT ?? 20,
    storefrontRateLimit: raw.STOREFRONT_RATE_LIMIT ?? 120,
    apiKeyRateLimit: raw.API_KEY_RATE_LIMIT ?? 600,
    webhooks: {
      retryBaseSeconds: raw.WEBHOOK_RETRY_BASE_SECONDS ?? 30,
      allowPrivate: raw.WEBHOOK_ALLOW_PRIVATE === 'true',
    },
    google: {
      serviceAccountJson: raw.GOOGLE_SERVICE_ACCOUNT_JSON ?? null,
      sheetsApiBase: raw.GOOGLE_SHEETS_API_BASE?.replace(/\/+$/, '') ?? null,
    },
    openai: {
      apiKey: raw.OPENAI_API_KEY ?? null,
      baseUrl: raw.OPENAI_BASE_URL ?? null,
      model: raw.OPENAI_MODEL ?? 'gpt-4o-mini',
    },
    plans: {
      json: raw.PLANS ?? null,
      defaultPlan: raw.DEFAULT_PLAN ?? 'enterprise',
      operatorToken: raw.OPERATOR_TOKEN ?? null,
    },
    dnsServers: (raw.DNS_SERVERS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    stripe: {
      secretKey: raw.STRIPE_SECRET_KEY ?? null,
      webhookSecret: raw.STRIPE_WEBHOOK_SECRET ?? null,
      connectWebhookSecret: raw.STRIPE_CONNECT_WEBHOOK_SECRET ?? raw.STRIPE_WEBHOOK_SECRET ?? null,
      apiBase: raw.STRIPE_API_BASE ?? null,
      platformFeePercent: raw.PLATFORM_FEE_PERCENT ?? null,
    },
    paypal: {
      clientId: raw.PAYPAL_CLIENT_ID ?? null,
      clientSecret: raw.PAYPAL_CLIENT_SECRET ?? null,
      webhookId: raw.PAYPAL_WEBHOOK_ID ?? null,
      apiBase: (raw.PAYPAL_API_BASE ?? 'https://api-m.sandbox.paypal.com').replace(/\/+$/, ''),
    },
    mail: {
      sendgridApiKey: raw.SENDGRID_API_KEY ?? null,
      sendgridApiBase: raw.SENDGRID_API_BASE ?? null,
      smtpUrl: raw.SMTP_URL ?? null,
      from: raw.MAIL_FROM ?? 'no-reply@localhost',
    },
    twilio: {
      accountSid: raw.TWILIO_ACCOUNT_SID ?? null,
      authToken: raw.TWILIO_AUTH_TOKEN ?? null,
      from: raw.TWILIO_FROM ?? null,
      apiBase: raw.TWILIO_API_BASE ?? null,
    },
    // The api's address: the worker's own port serves probes, not links.
    publicUrl: (raw.PUBLIC_URL ?? `http://localhost:${raw.PORT ?? 3000}`).replace(/\/+$/, ''),
    storage: {
      driver: storageDriver,
      s3: {
        bucket: raw.S3_BUCKET ?? null,
        region: raw.S3_REGION ?? null,
        endpoint: raw.S3_ENDPOINT ?? null,
        accessKeyId: raw.S3_ACCESS_KEY_ID ?? null,
        secretAccessKey: raw.S3_SECRET_ACCESS_KEY ?? null,
        publicUrl: raw.S3_PUBLIC_URL ?? null,
        forcePathStyle: raw.S3_FORCE_PATH_STYLE === 'true',
      },
    },
    storefrontCache: (raw.STOREFRONT_CACHE ?? 'on') === 'on',
    logLevel: raw.LOG_LEVEL ?? (env === 'test' ? 'warn' : 'info'),
    corsOrigins: parseOrigins(raw.CORS_ORIGINS),
    migrationsRun: (raw.MIGRATIONS_RUN ?? 'true') === 'true',
    dataDir,
    embeddedPgPort: raw.EMBEDDED_PG_PORT ?? 54329,
    jobs: {
      queuePrefix: raw.QUEUE_PREFIX ?? 'silkcart',
      attempts: raw.JOB_ATTEMPTS ?? 5,
      backoffMs: raw.JOB_BACKOFF_MS ?? 1000,
      lockMs: raw.JOB_LOCK_MS ?? 30_000,
      concurrency,
      queueConcurrency: Object.fromEntries(
        ALL_QUEUES.map((q) => [q, raw[concurrencyVariable(q)] ?? concurrency]),
      ) as Record<QueueName, number>,
      pollMs: raw.OUTBOX_POLL_MS ?? 500,
    },
    shutdownTimeoutMs: raw.SHUTDOWN_TIMEOUT_MS ?? 10_000,
  };
}

/** `*` or unset allows any origin; otherwise a comma-separated list. */
function parseOrigins(value: string | undefined): string[] | true {
  if (!value || value.trim() === '*') return true;
  return value
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
}

/** A development secret generated once and kept under the data directory. */
function developmentJwtSecret(dataDir: string): string {
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
