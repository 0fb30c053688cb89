import { Injectable } from '@nestjs/common';
import { Conflict, NotFound, RequestContext, TAKEN, UpstreamFailed } from '@silkcart/shared';
import { randomBytes } from 'node:crypto';
import { DnsTxt } from '../infrastructure/dns-txt';
import { DomainRepository, DomainRow } from '../infrastructure/domain.repository';
import { TenancyFacade } from './tenancy.facade';
import type { DomainView } from './tenancy.views';

const recordName = (hostname: string) => `_silkcart.${hostname}`;

function toView({ verificationValue, ...row }: DomainRow): DomainView {
  return {
    ...row,
    verification: { type: 'TXT', name: recordName(row.hostname), value: verificationValue },
  };
}

class DomainNotFound extends NotFound {
  constructor() {
    super('No such domain in this store');
  }
}

/**
 * Custom domains: a store claims a hostname (one store per hostname), proves it with a TXT
 * record at `_silkcart.<hostname>`, and from then on `/storefront/...` requests whose Host is
 * that name are the store's.
 */
@Injectable()
export class Domains {
  constructor(
    private readonly domains: DomainRepository,
    private readonly dns: DnsTxt,
    private readonly tenancy: TenancyFacade,
  ) {}

  async add(ctx: RequestContext, hostname: string): Promise<DomainView> {
    const value = `silkcart-verification=${randomBytes(18).toString('base64url')}`;
    const row = await this.domains.insert(ctx, hostname, value);
    if (row === TAKEN) throw new Conflict(`${hostname} is already claimed by a store`);
    return toView(row);
  }

  async list(ctx: RequestContext): Promise<DomainView[]> {
    return (await this.domains.list(ctx)).map(toView);
  }

  /** Verified when the TXT record holds the value; otherwise a 409 saying what was found. */
  async verify(ctx: RequestContext, id: string): Promise<DomainView> {
    const domain = await this.domains.find(ctx, id);
    if (!domain) throw new DomainNotFound();
    const name = recordName(domain.hostname);
    const servers = this.dns.servers.join(', ');
    const answer = await this.dns.lookup(name);
    if ('failed' in answer) {
      throw new UpstreamFailed(
        `Looking up TXT ${name} through ${servers} failed (${answer.failed})`,
      );
    }
    if (!(answer.records as string[]).includes(domain.verificationValue)) {
      const found =
        'missing' in answer
          ? answer.missing
          : answer.records.map((r) => JSON.stringify(r)).join(', ');
      throw new Conflict(
        `TXT ${name} (looked up through ${servers}) does not hold ` +
          `"${domain.verificationValue}"; found: ${found}`,
      );
    }
    const verified = await this.domains.markVerified(ctx, id);
    ctx.afterCommit(() => this.tenancy.forgetHostname(domain.hostname));
    return toView(verified);
  }

  async remove(ctx: RequestContext, id: string): Promise<void> {
    const hostname = await this.domains.remove(ctx, id);
    if (!hostname) throw new DomainNotFound();
    ctx.afterCommit(() => this.tenancy.forgetHostname(hostname));
  }
}
