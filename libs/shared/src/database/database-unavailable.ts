import { QueryFailedError } from 'typeorm';

/** SQLSTATE classes 08 (connection exception) and 57P (admin or crash shutdown, starting up). */
const PG_CONNECTION_STATE = /^(08|57P)/;
/** Socket errors of a connection to PostgreSQL. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);
/** pg's and TypeORM's own errors without a code: a connection cut, or a client it left unusable. */
const CONNECTION_MESSAGE =
  /Connection terminated|Client has encountered a connection error|Client was closed and is not queryable|timeout exceeded when trying to connect|the database system is (shutting down|starting up)/i;

/**
 * Whether the database, not the work, failed: PostgreSQL refused or dropped the connection
 * (down, restarting, in recovery). The same request or job may succeed once it is back.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const candidate = error instanceof QueryFailedError ? error.driverError : error;
  if (!(candidate instanceof Error)) return false;
  const code = (candidate as { code?: unknown }).code;
  const isPg = typeof (candidate as { severity?: unknown }).severity === 'string';
  if (isPg) return typeof code === 'string' && PG_CONNECTION_STATE.test(code);
  if (typeof code === 'string' && SOCKET_CODES.has(code)) return true;
  return CONNECTION_MESSAGE.test(candidate.message);
}
