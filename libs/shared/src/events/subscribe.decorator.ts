import type { RequestContext } from '../context/request-context';
import type { JobQueue } from '../jobs/job.types';
import type { EventDefinition, PublishedEvent } from './domain-event';

export const SUBSCRIBER_KEY = 'silkcart:subscriber';

export interface SubscriberOptions {
  /**
   * The subscriber's stable name, its job type in the outbox: change it and pending
   * deliveries no longer find it. Defaults to the class name.
   */
  name?: string;
  queue?: JobQueue;
  /** Attempts before its delivery is marked failed; defaults to JOB_ATTEMPTS. */
  attempts?: number;
}

export interface SubscriberMetadata extends SubscriberOptions {
  event: EventDefinition<unknown>;
}

/**
 * What a subscriber does with one event. It runs as its own job, in the transaction that
 * marks its delivery done: its database effects happen once, effects outside the database
 * must tolerate a repeat (the event id is a stable key for them).
 */
export interface EventSubscriber<P> {
  handle(ctx: RequestContext, event: PublishedEvent<P>): Promise<void>;
}

/**
 * Declares a provider as a subscriber of `event`. The EventBus finds it at startup; the
 * publisher never names it.
 */
export function Subscribe<P>(event: EventDefinition<P>, options: SubscriberOptions = {}) {
  return <T extends abstract new (...args: never[]) => EventSubscriber<P>>(target: T): void => {
    Reflect.defineMetadata(SUBSCRIBER_KEY, { ...options, event }, target);
  };
}
