import { Module } from '@nestjs/common';

/** The ordering bounded context; other contexts reach it only through ./index.ts. */
@Module({})
export class OrderingModule {}
