import { Inject, Injectable } from '@nestjs/common';
import type { sheets_v4 } from '@googleapis/sheets';
import { APP_CONFIG, AppConfig, onFirstUse } from '@silkcart/shared';
import type { JWT } from 'google-auth-library';
import { createSign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { sheetRange, type SheetsDestination } from '../domain/export';

const SCOPE = 'https://www.googleapis.com/auth/spreadsheets';
const DEFAULT_TOKEN_URI = 'https://oauth2.googleapis.com/token';
/** The Sheets API takes up to 10 MB a request; 500 rows a batch keeps well under it. */
export const SHEETS_BATCH_ROWS = 500;
const REQUEST_TIMEOUT_MS = 30_000;
const ATTEMPTS = 6;
const BACKOFF_BASE_MS = 500;
const BACKOFF_MAX_MS = 10_000;

interface ServiceAccount {
  client_email: string;
  private_key: string;
  private_key_id?: string;
  token_uri?: string;
}

/**
 * A service account's JWT client that takes its access token from the key's own `token_uri`
 * (the JWT-bearer grant, RFC 7523), as Google's key files describe; the library's JWT client
 * always asks oauth2.googleapis.com. Tokens are cached and refreshed by the base client.
 */
const serviceAccountJwt = (Base: typeof JWT) =>
  class ServiceAccountJwt extends Base {
    constructor(
      private readonly account: ServiceAccount,
      private readonly tokenUri: string,
    ) {
      super({
        email: account.client_email,
        key: account.private_key,
        keyId: account.private_key_id,
        scopes: [SCOPE],
        // Node's own fetch: gaxios otherwise imports node-fetch at the first request.
        transporterOptions: { fetchImplementation: fetch },
      });
    }

    protected override async refreshTokenNoCache(): ReturnType<JWT['refreshTokenNoCache']> {
      const now = Math.floor(Date.now() / 1000);
      const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
      const header = encode({ alg: 'RS256', typ: 'JWT', kid: this.account.private_key_id });
      const claims = encode({
        iss: this.account.client_email,
        scope: SCOPE,
        aud: this.tokenUri,
        iat: now,
        exp: now + 3600,
      });
      const signature = createSign('RSA-SHA256')
        .update(`${header}.${claims}`)
        .sign(this.account.private_key, 'base64url');
      const res = await this.transporter.request<{
        access_token: string;
        expires_in?: number;
        token_type?: string;
      }>({
        url: this.tokenUri,
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        data: new URLSearchParams({
          grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
          assertion: `${header}.${claims}.${signature}`,
        }).toString(),
        timeout: REQUEST_TIMEOUT_MS,
        retry: false,
        fetchImplementation: fetch,
      });
      const tokens = {
        access_token: res.data.access_token,
        token_type: 'Bearer',
        expiry_date: Date.now() + (res.data.expires_in ?? 3600) * 1000,
      };
      this.emit('tokens', tokens);
      return { res, tokens };
    }
  };
type ServiceAccountJwtClass = ReturnType<typeof serviceAccountJwt>;

/**
 * The client libraries, required when the first export to Sheets runs rather than at startup
 * (loading them takes about 0.1 s); the JWT client class is made once, over the library's.
 */
const sheetsPackage = onFirstUse<typeof import('@googleapis/sheets')>('@googleapis/sheets');
const authPackage = onFirstUse<typeof import('google-auth-library')>('google-auth-library');
let Jwt: ServiceAccountJwtClass | null = null;
function googleSdk(): {
  sheets: typeof import('@googleapis/sheets').sheets;
  Jwt: ServiceAccountJwtClass;
} {
  Jwt ??= serviceAccountJwt(authPackage().JWT);
  return { sheets: sheetsPackage().sheets, Jwt };
}

/** A sheet that rows are appended to, in batches of at most 500. */
export interface SheetAppender {
  /** Appends the header when the sheet's first row is empty. */
  ensureHeader(header: readonly string[]): Promise<void>;
  append(rows: string[][]): Promise<void>;
}

/** The HTTP status of a failed call, whatever shape the client gave its error. */
function statusOf(err: unknown): number | undefined {
  const e = err as { status?: unknown; code?: unknown; response?: { status?: unknown } };
  const status = e?.response?.status ?? e?.status ?? e?.code;
  return typeof status === 'number' ? status : undefined;
}

function retryAfterMs(err: unknown): number | null {
  const headers = (err as { response?: { headers?: unknown } })?.response?.headers;
  const value =
    headers instanceof Headers
      ? headers.get('retry-after')
      : (headers as Record<string, string> | undefined)?.['retry-after'];
  const seconds = Number(value);
  return value && Number.isFinite(seconds) ? seconds * 1000 : null;
}

/** 429 and 5xx are retried with exponential backoff (Retry-After when given), a bounded number of times. */
async function withRetry<T>(what: string, call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      const status = statusOf(err);
      const retriable = status === 429 || (status !== undefined && status >= 500);
      if (!retriable || attempt >= ATTEMPTS) {
        const cause = (err as { cause?: unknown })?.cause;
        const reason =
          (err instanceof Error ? err.message : String(err)) +
          (cause instanceof Error && cause.message ? ` (${cause.message})` : '');
        throw new Error(
          `Google Sheets ${what} failed${status ? ` (${status})` : ''}${attempt > 1 ? ` after ${attempt} attempts` : ''}: ${reason}`,
          { cause: err },
        );
      }
      const backoff = Math.min(BACKOFF_BASE_MS * 2 ** (attempt - 1), BACKOFF_MAX_MS);
      await sleep(Math.min(retryAfterMs(err) ?? backoff, BACKOFF_MAX_MS));
    }
  }
}

/**
 * Appends rows to Google Sheets through the official client (`@googleapis/sheets`), as the
 * service account of GOOGLE_SERVICE_ACCOUNT_JSON (a path to the key file or the JSON itself);
 * GOOGLE_SHEETS_API_BASE points it at another address (a test double).
 */
@Injectable()
export class GoogleSheets {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get configured(): boolean {
    return !!this.config.google.serviceAccountJson;
  }

  open(destination: SheetsDestination): SheetAppender {
    const api = this.client();
    const { spreadsheetId, sheetName } = destination;
    const options = { retry: false, timeout: REQUEST_TIMEOUT_MS, fetchImplementation: fetch };
    return {
      ensureHeader: async (header) => {
        const first = await withRetry('read', () =>
          api.spreadsheets.values.get(
            { spreadsheetId, range: sheetRange(sheetName, '1:1'), majorDimension: 'ROWS' },
            options,
          ),
        );
        const values = first.data.values ?? [];
        const empty = values.every((row) => row.every((cell) => cell === '' || cell == null));
        if (empty) await this.appendBatch(api, destination, [[...header]], options);
      },
      append: async (rows) => {
        for (let i = 0; i < rows.length; i += SHEETS_BATCH_ROWS) {
          await this.appendBatch(api, destination, rows.slice(i, i + SHEETS_BATCH_ROWS), options);
        }
      },
    };
  }

  private appendBatch(
    api: sheets_v4.Sheets,
    { spreadsheetId, sheetName }: SheetsDestination,
    values: string[][],
    options: { retry: boolean; timeout: number; fetchImplementation: typeof fetch },
  ): Promise<unknown> {
    return withRetry('append', () =>
      api.spreadsheets.values.append(
        {
          spreadsheetId,
          range: sheetRange(sheetName, 'A1'),
          valueInputOption: 'RAW',
          insertDataOption: 'INSERT_ROWS',
          requestBody: { majorDimension: 'ROWS', values },
        },
        options,
      ),
    );
  }

  private client(): sheets_v4.Sheets {
    const account = this.serviceAccount();
    const { sheets, Jwt } = googleSdk();
    const auth = new Jwt(account, account.token_uri ?? DEFAULT_TOKEN_URI);
    const rootUrl = this.config.google.sheetsApiBase;
    return sheets({ version: 'v4', auth, ...(rootUrl ? { rootUrl: `${rootUrl}/` } : {}) });
  }

  private serviceAccount(): ServiceAccount {
    const value = (this.config.google.serviceAccountJson ?? '').trim();
    let text = value;
    if (!value.startsWith('{')) {
      try {
        text = readFileSync(value, 'utf8');
      } catch {
        throw new Error('GOOGLE_SERVICE_ACCOUNT_JSON: the key file cannot be read');
      }
    }
    let parsed: Partial<ServiceAccount>;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new Error('GOOGLE_SERVICE_ACCOUNT_JSON is not valid JSON');
    }
    if (typeof parsed.client_email !== 'string' || typeof parsed.private_key !== 'string') {
      throw new Error('GOOGLE_SERVICE_ACCOUNT_JSON has no client_email or private_key');
    }
    return parsed as ServiceAccount;
  }
}
