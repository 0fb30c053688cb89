import type { EntitySchema } from 'typeorm';

/** Every context's TypeORM schemas, for the migration generator. */
export const ENTITIES: EntitySchema[] = [];
