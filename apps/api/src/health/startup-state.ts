import { Injectable } from '@nestjs/common';

/** Flipped once bootstrapping (migrations, relay, queues) has finished. */
@Injectable()
export class StartupState {
  done = false;
}
