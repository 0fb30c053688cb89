/** The seed's HTTP client: JSON in and out, under `/api/v1` of the api it writes through. */

export interface CallOptions {
  body?: unknown;
  /** A merchant's or a customer's bearer token. */
  token?: string;
  /**
   * The shopper's address (X-Forwarded-For, which the api trusts): each demo shopper is its own
   * client, as real ones are, so a running api's per-IP limits count them apart.
   */
  ip?: string;
  headers?: Record<string, string>;
  /** Statuses answered without throwing (e.g. 409 for "already there"). */
  accept?: number[];
}

export interface Answer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: Record<string, any>;
}

export class SeedHttp {
  constructor(readonly base: string) {}

  async call(method: string, path: string, options: CallOptions = {}): Promise<Answer> {
    for (let attempt = 1; ; attempt++) {
      const res = await fetch(`${this.base}/api/v1${path}`, {
        method,
        headers: {
          ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...(options.ip ? { 'x-forwarded-for': options.ip } : {}),
          ...options.headers,
        },
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      });
      const text = await res.text();
      const body = text ? (JSON.parse(text) as Answer['body']) : {};
      // A running api's rate limits: wait as it says, a few times.
      if (res.status === 429 && attempt <= 3) {
        const seconds = Math.min(Number(res.headers.get('retry-after') ?? 1) || 1, 60);
        await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
        continue;
      }
      if (res.status >= 400 && !options.accept?.includes(res.status)) {
        throw new Error(`${method} ${path} answered ${res.status}: ${text.slice(0, 500)}`);
      }
      return { status: res.status, body };
    }
  }
}

/** 200 from `<base>/health/ready` within a second: an api is running there. */
export async function apiAnswers(base: string): Promise<boolean> {
  try {
    const res = await fetch(`${base}/health/ready`, { signal: AbortSignal.timeout(1000) });
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}
