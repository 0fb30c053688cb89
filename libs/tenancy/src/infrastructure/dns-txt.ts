import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@silkcart/shared';
import { Resolver } from 'node:dns/promises';

/** What a TXT lookup found: the records (each joined from its strings), or why none. */
export type TxtAnswer =
  | { records: string[] }
  | { records: []; missing: 'no such name' | 'no TXT record' }
  | { failed: string };

const MISSING: Record<string, 'no such name' | 'no TXT record'> = {
  ENOTFOUND: 'no such name',
  ENODATA: 'no TXT record',
};

/** TXT records through `DNS_SERVERS` when set, else the system's resolvers; 3 s a try, 2 tries. */
@Injectable()
export class DnsTxt {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Who answers: the configured servers or the system's. */
  get servers(): string[] {
    return this.config.dnsServers.length > 0 ? this.config.dnsServers : new Resolver().getServers();
  }

  async lookup(name: string): Promise<TxtAnswer> {
    const resolver = new Resolver({ timeout: 3000, tries: 2 });
    if (this.config.dnsServers.length > 0) resolver.setServers(this.config.dnsServers);
    try {
      const records = await resolver.resolveTxt(name);
      return { records: records.map((chunks) => chunks.join('')) };
    } catch (err) {
      const code = (err as { code?: string }).code ?? 'EUNKNOWN';
      const missing = MISSING[code];
      return missing ? { records: [], missing } : { failed: code };
    }
  }
}
