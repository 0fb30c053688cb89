import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@silkcart/shared';
import { lookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { whyRefused } from '../domain/target-address';
import { WEBHOOK_TIMEOUT_MS } from '../domain/webhook';

/** The receiver answered (any status). */
export interface WebhookAnswer {
  status: number;
}

/** The target may not be reached at all: retrying changes nothing. */
export class TargetRefused extends Error {}

/**
 * POSTs a webhook body. Unless private targets are allowed, the host is resolved first and
 * refused when any of its addresses is not public; the connection then goes to exactly the
 * address that was checked (a `lookup` that answers it), so a DNS answer that changes between
 * the check and the connect cannot reach another address. Redirects are not followed, and the
 * whole exchange (resolution included) is abandoned after 10 s.
 */
@Injectable()
export class WebhookSender {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  post(url: string, headers: Record<string, string>, body: string): Promise<WebhookAnswer> {
    let timer: NodeJS.Timeout | undefined;
    const abort = new AbortController();
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        abort.abort();
        reject(new Error(`no answer within ${WEBHOOK_TIMEOUT_MS / 1000} s`));
      }, WEBHOOK_TIMEOUT_MS);
    });
    return Promise.race([this.send(url, headers, body, abort.signal), timeout]).finally(() =>
      clearTimeout(timer),
    );
  }

  private async send(
    url: string,
    headers: Record<string, string>,
    body: string,
    signal: AbortSignal,
  ): Promise<WebhookAnswer> {
    const target = new URL(url);
    const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
    const addresses = await this.resolve(host);
    // Only the checked addresses, whatever DNS answers by the time the socket connects.
    const pinned: LookupFunction = (_hostname, options, callback) => {
      if (options.all) callback(null, addresses);
      else callback(null, addresses[0].address, addresses[0].family);
    };
    const client = target.protocol === 'https:' ? https : http;
    return new Promise<WebhookAnswer>((resolve, reject) => {
      const req = client.request(
        target,
        {
          method: 'POST',
          headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
          lookup: pinned,
          agent: false,
          signal,
        },
        (res) => {
          res.resume();
          resolve({ status: res.statusCode ?? 0 });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  /** The addresses to connect to; refused (with the reason) when any of them is not public. */
  private async resolve(host: string): Promise<Array<{ address: string; family: number }>> {
    const family = isIP(host);
    const addresses = family
      ? [{ address: host, family }]
      : await lookup(host, { all: true, verbatim: true }).catch((err: NodeJS.ErrnoException) => {
          throw new Error(`could not resolve ${host}: ${err.code ?? err.message}`);
        });
    if (addresses.length === 0) throw new Error(`could not resolve ${host}`);
    if (!this.config.webhooks.allowPrivate) {
      for (const { address } of addresses) {
        const why = whyRefused(address);
        if (why) {
          throw new TargetRefused(
            family
              ? `refused: ${host} is ${why}`
              : `refused: ${host} resolves to ${address}, ${why}`,
          );
        }
      }
    }
    return addresses;
  }
}
