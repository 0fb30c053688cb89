import type { RequestContext } from '../context/request-context';

/** What `unlessTaken` answers when the write hit a unique index. */
export const TAKEN = Symbol('taken');

/**
 * Runs a write that may hit a unique index under a savepoint: when it does (optionally only
 * the index whose name contains `constraint`), the savepoint is rolled back, the transaction
 * stays usable, and the answer is TAKEN; any other error is rethrown.
 */
export async function unlessTaken<T>(
  ctx: RequestContext,
  write: () => Promise<T>,
  constraint?: string,
): Promise<T | typeof TAKEN> {
  await ctx.manager.query('savepoint unless_taken');
  try {
    const result = await write();
    await ctx.manager.query('release savepoint unless_taken');
    return result;
  } catch (err) {
    await ctx.manager.query('rollback to savepoint unless_taken');
    const driver = (err as { driverError?: { code?: string; constraint?: string } }).driverError;
    if (driver?.code === '23505' && (!constraint || driver.constraint?.includes(constraint))) {
      return TAKEN;
    }
    throw err;
  }
}
