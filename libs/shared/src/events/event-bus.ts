import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { RequestContext } from '../context/request-context';
import { JobRegistry } from '../jobs/job-registry';
import type { JobQueue } from '../jobs/job.types';
import type { EventDefinition, PublishedEvent } from './domain-event';
import { EventSubscriber, SUBSCRIBER_KEY, SubscriberMetadata } from './subscribe.decorator';

interface Subscription {
  name: string;
  queue: JobQueue;
  attempts: number;
}

/**
 * Publishes domain events into the outbox, in the publisher's transaction, as one delivery
 * per subscriber: each is a job of its own (type = the subscriber's name, a stable id per
 * event and subscriber), so each retries, fails and is deduplicated alone. Subscribers are
 * the providers marked `@Subscribe(Event)`, found at startup; a publisher names none.
 */
@Injectable()
export class EventBus implements OnModuleInit {
  private readonly subscriptions = new Map<string, Subscription[]>();

  constructor(
    private readonly registry: JobRegistry,
    private readonly discovery: DiscoveryService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const { instance, metatype } = wrapper;
      if (!instance || !metatype) continue;
      const meta = Reflect.getMetadata(SUBSCRIBER_KEY, metatype) as SubscriberMetadata | undefined;
      if (meta)
        this.subscribe(meta.event, instance as EventSubscriber<unknown>, meta, metatype.name);
    }
  }

  /** Subscribes a handler by hand (what the decorator does for providers). */
  subscribe<P>(
    event: EventDefinition<P>,
    subscriber: EventSubscriber<P>,
    options: { name?: string; queue?: JobQueue; attempts?: number },
    fallbackName = subscriber.constructor.name,
  ): void {
    const name = options.name ?? fallbackName;
    const attempts = options.attempts ?? this.config.jobs.attempts;
    const queue = options.queue ?? 'default';
    this.registry.register<PublishedEvent<P>>({
      type: name,
      queue,
      attempts,
      handle: (ctx, published) => subscriber.handle(ctx, published),
    });
    this.subscriptions.set(event.type, [
      ...(this.subscriptions.get(event.type) ?? []),
      { name, queue, attempts },
    ]);
  }

  /** The names of the subscribers of an event type. */
  subscribersOf(event: EventDefinition<unknown>): string[] {
    return (this.subscriptions.get(event.type) ?? []).map((s) => s.name);
  }

  /**
   * Writes the event's deliveries in the caller's transaction: they exist if and only if the
   * change commits. Answers the event id.
   */
  async publish<P>(ctx: RequestContext, event: EventDefinition<P>, data: P): Promise<string> {
    const id = randomUUID();
    const subs = this.subscriptions.get(event.type) ?? [];
    if (subs.length === 0) return id;
    const published: PublishedEvent<P> = {
      id,
      type: event.type,
      storeId: ctx.storeId,
      occurredAt: new Date().toISOString(),
      data,
    };
    await ctx.manager.query(
      `insert into outbox_message
         (type, queue, store_id, payload, envelope, max_attempts, event_id, event_type)
       select s.name, s.queue, $1, $2::jsonb, $3::jsonb, s.attempts, $4, $5
         from unnest($6::text[], $7::text[], $8::int[]) as s(name, queue, attempts)`,
      [
        ctx.storeId,
        JSON.stringify(published),
        JSON.stringify({ requestId: ctx.requestId, actorId: ctx.toEnvelope().actorId }),
        id,
        event.type,
        subs.map((s) => s.name),
        subs.map((s) => s.queue),
        subs.map((s) => s.attempts),
      ],
    );
    return id;
  }
}
