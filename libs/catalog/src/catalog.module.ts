import { Module } from '@nestjs/common';

/** The catalog bounded context; other contexts reach it only through ./index.ts. */
@Module({})
export class CatalogModule {}
