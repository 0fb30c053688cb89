import { Module } from '@nestjs/common';

/** The tenancy bounded context; other contexts reach it only through ./index.ts. */
@Module({})
export class TenancyModule {}
