import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../../../migrations';
import { ENTITIES } from './entities';

/** The DataSource the TypeORM CLI uses (`npm run migration:generate -- migrations/Name`). */
if (!process.env.DATABASE_URL) throw new Error('DATABASE_URL is required for the TypeORM CLI');

export default new DataSource({
  type: 'postgres',
  url: process.env.DATABASE_URL,
  entities: ENTITIES,
  migrations: MIGRATIONS,
});
