export type IndicatorResult = { status: 'up' } | { status: 'down'; message: string };

/** The body @nestjs/terminus gives the api's probes, so one parser reads both apps. */
export interface HealthReport {
  status: 'ok' | 'error';
  info: Record<string, IndicatorResult>;
  error: Record<string, IndicatorResult>;
  details: Record<string, IndicatorResult>;
}

export type HealthChecks = Record<string, () => Promise<unknown>>;

/** Runs every check at once, each given `timeoutMs`; a check that throws or hangs is down. */
export async function checkReadiness(
  checks: HealthChecks,
  timeoutMs = 2000,
): Promise<HealthReport> {
  const results = await Promise.all(
    Object.entries(checks).map(async ([key, check]): Promise<[string, IndicatorResult]> => {
      try {
        await withTimeout(check(), timeoutMs);
        return [key, { status: 'up' }];
      } catch (err) {
        return [key, { status: 'down', message: err instanceof Error ? err.message : String(err) }];
      }
    }),
  );
  return report(results);
}

/** What /health/ready answers once shutdown has begun: the worker takes no new jobs. */
export function shuttingDown(): HealthReport {
  return report([['worker', { status: 'down', message: 'shutting down' }]]);
}

export function healthy(): HealthReport {
  return report([]);
}

function report(results: Array<[string, IndicatorResult]>): HealthReport {
  const up = results.filter(([, r]) => r.status === 'up');
  const down = results.filter(([, r]) => r.status === 'down');
  return {
    status: down.length === 0 ? 'ok' : 'error',
    info: Object.fromEntries(up),
    error: Object.fromEntries(down),
    details: Object.fromEntries(results),
  };
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
