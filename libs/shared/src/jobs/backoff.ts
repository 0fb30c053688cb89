/** Delay before attempt `attempt + 1`, doubling from `baseMs`; capped at one hour. */
export function backoffDelay(attempt: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempt - 1), 3_600_000);
}
