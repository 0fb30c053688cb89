import type { EntityManager } from 'typeorm';

export type StoreId = string & { readonly __brand: 'StoreId' };
export type UserId = string & { readonly __brand: 'UserId' };
export type CustomerId = string & { readonly __brand: 'CustomerId' };
export type Role = 'StoreAdmin' | 'Manager' | 'Staff' | 'Viewer';

export type Actor =
  | { readonly kind: 'user'; readonly id: UserId }
  | { readonly kind: 'customer'; readonly id: CustomerId }
  | { readonly kind: 'apiKey'; readonly id: string }
  | { readonly kind: 'anonymous'; readonly id: null }
  | { readonly kind: 'system'; readonly id: null };

export const ANONYMOUS: Actor = { kind: 'anonymous', id: null };
export const SYSTEM: Actor = { kind: 'system', id: null };

/** What a job carries so that the worker can rebuild the context it was written in. */
export interface JobEnvelope {
  storeId: string | null;
  actorId: string | null;
  requestId: string;
}

/**
 * Who acts, in which store, for which request: built once at the edge (a guard for HTTP,
 * the job runner for jobs) and passed explicitly as the first argument of every use case.
 */
export class RequestContext {
  private constructor(
    readonly storeId: StoreId | null,
    readonly actor: Actor,
    readonly role: Role | null,
    readonly requestId: string,
    readonly tx?: EntityManager,
    private readonly commitHooks?: Array<() => void>,
  ) {}

  static anonymous(requestId: string): RequestContext {
    return new RequestContext(null, ANONYMOUS, null, requestId);
  }

  static forUser(requestId: string, userId: UserId): RequestContext {
    return new RequestContext(null, { kind: 'user', id: userId }, null, requestId);
  }

  /** A store's secret API key acting with its role. */
  static forApiKey(requestId: string, storeId: StoreId, keyId: string, role: Role): RequestContext {
    return new RequestContext(storeId, { kind: 'apiKey', id: keyId }, role, requestId);
  }

  /** A shopper signed in to one store's storefront. */
  static forCustomer(requestId: string, storeId: StoreId, customerId: CustomerId): RequestContext {
    return new RequestContext(storeId, { kind: 'customer', id: customerId }, null, requestId);
  }

  /** The signed-in customer, or null. */
  get customerId(): CustomerId | null {
    return this.actor.kind === 'customer' ? this.actor.id : null;
  }

  static forJob(job: JobEnvelope): RequestContext {
    const actor: Actor = job.actorId ? { kind: 'user', id: job.actorId as UserId } : SYSTEM;
    return new RequestContext(job.storeId as StoreId | null, actor, null, job.requestId);
  }

  static system(requestId: string, storeId: StoreId | null = null): RequestContext {
    return new RequestContext(storeId, SYSTEM, null, requestId);
  }

  inStore(storeId: StoreId, role: Role | null): RequestContext {
    return new RequestContext(storeId, this.actor, role, this.requestId, this.tx, this.commitHooks);
  }

  /** The same context inside a transaction; `commitHooks` run once it has committed. */
  withTx(tx: EntityManager, commitHooks: Array<() => void> = []): RequestContext {
    return new RequestContext(this.storeId, this.actor, this.role, this.requestId, tx, commitHooks);
  }

  /** An in-process reaction that must only happen once the transaction has committed. */
  afterCommit(hook: () => void): void {
    if (!this.commitHooks)
      throw new Error('No transaction in this context: run the work through TenantTx');
    this.commitHooks.push(hook);
  }

  /** The transaction's manager; repositories refuse to work outside one. */
  get manager(): EntityManager {
    if (!this.tx) throw new Error('No transaction in this context: run the work through TenantTx');
    return this.tx;
  }

  toEnvelope(): JobEnvelope {
    const actorId = this.actor.kind === 'user' ? this.actor.id : null;
    return { storeId: this.storeId, actorId, requestId: this.requestId };
  }
}
