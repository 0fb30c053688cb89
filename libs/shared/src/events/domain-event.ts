/**
 * A fact a context publishes: its type names it once, its payload type travels with it, so
 * publisher and subscribers agree at compile time. Defined in the publishing context's
 * `domain/` and exported from its index.
 */
export interface EventDefinition<P> {
  readonly type: string;
  /** Carries the payload type only; never set. */
  readonly payload?: P;
}

export function defineEvent<P>(type: string): EventDefinition<P> {
  return { type };
}

/** What a subscriber receives: the published payload and the facts about its publication. */
export interface PublishedEvent<P = unknown> {
  /** The same for every subscriber of one publication. */
  readonly id: string;
  readonly type: string;
  readonly storeId: string | null;
  /** ISO-8601, when the publishing transaction wrote it. */
  readonly occurredAt: string;
  readonly data: P;
}
