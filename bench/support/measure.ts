import autocannon from 'autocannon';

export interface Measurement {
  name: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
}

/** One autocannon run against a URL; prints and returns req/s and latency percentiles (ms). */
export async function measure(
  name: string,
  url: string,
  options: { connections?: number; seconds?: number; headers?: Record<string, string> } = {},
): Promise<Measurement> {
  const result = await autocannon({
    url,
    connections: options.connections ?? 32,
    duration: options.seconds ?? 10,
    headers: options.headers,
  });
  const m = {
    name,
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
  };
  console.log(
    `${name.padEnd(44)} ${String(m.requestsPerSecond).padStart(7)} req/s  p50 ${m.p50} ms  p99 ${m.p99} ms${m.non2xx ? `  non-2xx ${m.non2xx}` : ''}`,
  );
  return m;
}

export function ratio(a: Measurement, b: Measurement): string {
  return (a.requestsPerSecond / b.requestsPerSecond).toFixed(2);
}

/** The run with the median req/s, its latencies with it (runs of one case, same settings). */
export function median(runs: Measurement[]): Measurement {
  const sorted = [...runs].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond);
  const m = sorted[Math.floor((sorted.length - 1) / 2)];
  console.log(
    `${m.name.padEnd(44)} ${String(m.requestsPerSecond).padStart(7)} req/s  p50 ${m.p50} ms  p99 ${m.p99} ms  (runs: ${runs.map((r) => r.requestsPerSecond).join(', ')})`,
  );
  return m;
}
