import { Module } from '@nestjs/common';

/** The notifications bounded context; other contexts reach it only through ./index.ts. */
@Module({})
export class NotificationsModule {}
