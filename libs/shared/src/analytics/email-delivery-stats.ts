import type { RequestContext } from '../context/request-context';

/**
 * How the context's store's emails fared between two instants (by when each was made): sent
 * and failed, those still queued left out. The notifications context keeps emails and provides
 * it; a context that reports on them (ordering's analytics) injects it, optionally, since an
 * app may run without notifications. An abstract class, so Nest can use it as the token.
 */
export abstract class EmailDeliveryStats {
  abstract counts(
    ctx: RequestContext,
    fromUtc: Date,
    toUtc: Date,
  ): Promise<{ sent: number; failed: number }>;
}
