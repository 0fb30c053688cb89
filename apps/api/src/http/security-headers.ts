import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';

/** The api's helmet policy: Swagger UI needs inline scripts and styles, images may be remote. */
export const HELMET_OPTIONS: HelmetOptions = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: [`'self'`],
      styleSrc: [`'self'`, `'unsafe-inline'`],
      imgSrc: [`'self'`, 'data:', 'https:'],
      scriptSrc: [`'self'`, `'unsafe-inline'`],
    },
  },
};

/**
 * The headers helmet sets for these options, computed once by running its middleware
 * against a recording response. With no per-request directives (no nonces) they are the
 * same for every answer, so the api sets one frozen object per request instead of running
 * helmet's dozen middlewares (and @fastify/helmet's per-request setup) each time.
 */
export function securityHeaders(
  options: HelmetOptions = HELMET_OPTIONS,
): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: unknown) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
    getHeader: (name: string) => headers[name.toLowerCase()],
  };
  let failure: unknown = null;
  let finished = false;
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (err?: unknown) => {
    failure = err ?? null;
    finished = true;
  });
  if (failure) throw failure instanceof Error ? failure : new Error(String(failure));
  if (!finished) throw new Error('helmet did not finish synchronously');
  return Object.freeze(headers);
}
