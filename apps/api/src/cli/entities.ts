import type { EntitySchema } from 'typeorm';

/**
 * The schemas the migration generator compares with the database. Empty on purpose: the
 * migrations are hand-written SQL (row-level security, partial and expression indexes, check
 * constraints) that the few TypeORM schemas do not declare, and with them listed the generator
 * proposes dropping those. Add a context's schemas here once they describe its tables whole.
 */
export const ENTITIES: EntitySchema[] = [];
