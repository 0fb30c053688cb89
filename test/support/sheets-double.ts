import { createPublicKey, createVerify, generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { closeServer, listen, readBody } from './http-double';

/**
 * A local Google Sheets API v4 (and the OAuth2 token endpoint of a service account) for e2e
 * tests, from Google's documented REST shapes:
 * - `POST /token` (the key's `token_uri`): the JWT-bearer grant, a form with
 *   `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=<JWT>`; the assertion is
 *   an RS256 JWT with `iss` = `client_email`, `aud` = `token_uri`, `scope`, `iat` and `exp`,
 *   checked against the account's public key → `{access_token, expires_in, token_type: "Bearer"}`;
 *   otherwise 400 `{error: "invalid_grant", error_description}`.
 * - `GET /v4/spreadsheets/{id}/values/{range}` → `{range, majorDimension: "ROWS", values?}`
 *   (`values` left out when the range is empty).
 * - `POST /v4/spreadsheets/{id}/values/{range}:append?valueInputOption=RAW` with
 *   `{values: [[...]]}` → `{spreadsheetId, tableRange?, updates: {spreadsheetId, updatedRange,
 *   updatedRows, updatedColumns, updatedCells}}`; rows go after the sheet's last row.
 * API calls need `Authorization: Bearer <a token this double issued>` (401 otherwise, Google's
 * error body `{error: {code, message, status}}`); an unknown spreadsheet is 404, a range naming
 * an unknown sheet 400. Ranges are A1 notation with the sheet name quoted or bare.
 *
 * Point the official client at it: `sheets({version: 'v4', auth, rootUrl: base + '/'})`, with
 * the service account's `token_uri` = `base + '/token'`.
 */
export interface SheetsDouble {
  url: string;
  /** GOOGLE_SERVICE_ACCOUNT_JSON and GOOGLE_SHEETS_API_BASE for an app using this double. */
  env: Record<string, string>;
  /** A spreadsheet with these (empty) sheets. */
  addSpreadsheet(id: string, sheets: string[]): void;
  rows(spreadsheetId: string, sheet: string): string[][];
  /** Every append call that succeeded, in order, with its number of rows. */
  appends: Array<{ spreadsheetId: string; sheet: string; rows: number }>;
  /** Calls answered, by kind: `token`, `get`, `append` (failed ones included). */
  calls: Array<{ kind: 'token' | 'get' | 'append'; status: number }>;
  /** The next `times` calls of `kind` are answered `status` (a 429, a 500, a 403…). */
  failNext(kind: 'get' | 'append', status: number, times?: number): void;
  close(): Promise<void>;
}

const googleError = (res: ServerResponse, code: number, status: string, message: string) =>
  send(res, code, { error: { code, message, status } });

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
  res.end(JSON.stringify(body));
}

/** `'My ''Sheet'''!A1:B2` or `Sheet1!1:1` or `Sheet1` → the sheet's name. */
function sheetOf(range: string): string {
  const bang = range.lastIndexOf('!');
  const name = bang >= 0 ? range.slice(0, bang) : range;
  return name.startsWith("'") && name.endsWith("'") ? name.slice(1, -1).replace(/''/g, "'") : name;
}

const column = (n: number) => {
  let s = '';
  for (let i = n; i > 0; i = Math.floor((i - 1) / 26))
    s = String.fromCharCode(65 + ((i - 1) % 26)) + s;
  return s;
};

function verifyAssertion(
  assertion: string,
  publicKey: string,
  email: string,
  tokenUri: string,
): string | null {
  const [header, claims, signature] = assertion.split('.');
  if (!header || !claims || !signature) return 'not a JWT';
  const ok = createVerify('RSA-SHA256')
    .update(`${header}.${claims}`)
    .verify(createPublicKey(publicKey), signature, 'base64url');
  if (!ok) return 'Invalid JWT Signature.';
  const c = JSON.parse(Buffer.from(claims, 'base64url').toString('utf8'));
  if (c.iss !== email) return 'Invalid issuer';
  if (c.aud !== tokenUri) return `Invalid JWT: aud must be ${tokenUri}`;
  const now = Math.floor(Date.now() / 1000);
  if (typeof c.exp !== 'number' || c.exp < now || c.exp - c.iat > 3600) return 'Invalid JWT: exp';
  if (typeof c.scope !== 'string' || !c.scope.includes('spreadsheets')) return 'Invalid scope';
  return null;
}

export async function startSheetsDouble(): Promise<SheetsDouble> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const email = 'exports@silkcart-test.iam.gserviceaccount.com';
  const tokens = new Set<string>();
  const spreadsheets = new Map<string, Map<string, string[][]>>();
  const failures: Array<{ kind: 'get' | 'append'; status: number }> = [];
  const appends: SheetsDouble['appends'] = [];
  const calls: SheetsDouble['calls'] = [];
  let tokenUri = '';

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const body = await readBody(req);
    if (req.method === 'POST' && url.pathname === '/token') {
      const form = new URLSearchParams(body);
      const problem =
        form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer'
          ? 'Invalid grant_type'
          : verifyAssertion(form.get('assertion') ?? '', publicKey, email, tokenUri);
      calls.push({ kind: 'token', status: problem ? 400 : 200 });
      if (problem) return send(res, 400, { error: 'invalid_grant', error_description: problem });
      const token = `ya29.${randomBytes(24).toString('base64url')}`;
      tokens.add(token);
      return send(res, 200, { access_token: token, expires_in: 3599, token_type: 'Bearer' });
    }
    const match = /^\/v4\/spreadsheets\/([^/]+)\/values\/(.+?)(:append)?$/.exec(url.pathname);
    if (!match) return googleError(res, 404, 'NOT_FOUND', 'Not Found');
    const kind = match[3] ? 'append' : 'get';
    if ((kind === 'append') !== (req.method === 'POST')) {
      return googleError(res, 405, 'METHOD_NOT_ALLOWED', 'Method not allowed');
    }
    const answer = (status: number, payload: unknown) => {
      calls.push({ kind, status });
      send(res, status, payload);
    };
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!bearer || !tokens.has(bearer)) {
      return answer(401, {
        error: {
          code: 401,
          message: 'Request had invalid authentication credentials.',
          status: 'UNAUTHENTICATED',
        },
      });
    }
    const forced = failures.findIndex((f) => f.kind === kind);
    if (forced >= 0) {
      const [{ status }] = failures.splice(forced, 1);
      const name =
        status === 429 ? 'RESOURCE_EXHAUSTED' : status >= 500 ? 'UNAVAILABLE' : 'PERMISSION_DENIED';
      return answer(status, { error: { code: status, message: `forced ${status}`, status: name } });
    }
    const spreadsheetId = decodeURIComponent(match[1]);
    const range = decodeURIComponent(match[2]);
    const sheets = spreadsheets.get(spreadsheetId);
    if (!sheets) {
      return answer(404, {
        error: { code: 404, message: 'Requested entity was not found.', status: 'NOT_FOUND' },
      });
    }
    const sheet = sheetOf(range);
    const rows = sheets.get(sheet);
    if (!rows) {
      return answer(400, {
        error: {
          code: 400,
          message: `Unable to parse range: ${range}`,
          status: 'INVALID_ARGUMENT',
        },
      });
    }
    const quoted = `'${sheet.replace(/'/g, "''")}'`;
    if (kind === 'get') {
      const first = rows[0];
      return answer(200, {
        range: `${quoted}!A1:Z1`,
        majorDimension: 'ROWS',
        ...(first && first.length ? { values: [first] } : {}),
      });
    }
    if (url.searchParams.get('valueInputOption') !== 'RAW') {
      return answer(400, {
        error: { code: 400, message: 'valueInputOption is required', status: 'INVALID_ARGUMENT' },
      });
    }
    const values: unknown = JSON.parse(body || '{}').values;
    if (!Array.isArray(values) || !values.every(Array.isArray)) {
      return answer(400, {
        error: { code: 400, message: 'Invalid values', status: 'INVALID_ARGUMENT' },
      });
    }
    const start = rows.length + 1;
    const width = Math.max(1, ...values.map((r: unknown[]) => r.length));
    rows.push(...values.map((r: unknown[]) => r.map((cell) => String(cell))));
    appends.push({ spreadsheetId, sheet, rows: values.length });
    const updatedRange = `${quoted}!A${start}:${column(width)}${start + values.length - 1}`;
    return answer(200, {
      spreadsheetId,
      ...(start > 1 ? { tableRange: `${quoted}!A1:${column(width)}${start - 1}` } : {}),
      updates: {
        spreadsheetId,
        updatedRange,
        updatedRows: values.length,
        updatedColumns: width,
        updatedCells: values.reduce((n: number, r: unknown[]) => n + r.length, 0),
      },
    });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => googleError(res, 500, 'INTERNAL', String(err)));
  });
  const port = await listen(server);
  const url = `http://127.0.0.1:${port}`;
  tokenUri = `${url}/token`;
  const account = {
    type: 'service_account',
    project_id: 'silkcart-test',
    private_key_id: randomBytes(20).toString('hex'),
    private_key: privateKey,
    client_email: email,
    client_id: '100000000000000000001',
    token_uri: tokenUri,
  };
  return {
    url,
    env: { GOOGLE_SERVICE_ACCOUNT_JSON: JSON.stringify(account), GOOGLE_SHEETS_API_BASE: url },
    addSpreadsheet: (id, names) =>
      spreadsheets.set(id, new Map(names.map((n) => [n, [] as string[][]]))),
    rows: (id, sheet) => spreadsheets.get(id)?.get(sheet) ?? [],
    appends,
    calls,
    failNext: (kind, status, times = 1) => {
      for (let i = 0; i < times; i++) failures.push({ kind, status });
    },
    close: () => closeServer(server),
  };
}
