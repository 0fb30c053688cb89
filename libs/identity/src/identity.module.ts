import { Module } from '@nestjs/common';

/** The identity bounded context; other contexts reach it only through ./index.ts. */
@Module({})
export class IdentityModule {}
