import { Module } from '@nestjs/common';

/** The payments bounded context; other contexts reach it only through ./index.ts. */
@Module({})
export class PaymentsModule {}
