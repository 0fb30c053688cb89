import { parse } from 'csv-parse/sync';
import { waitFor } from './http';
import type { TestApi } from './test-api';

/** An export as `GET /stores/{storeId}/exports/{exportId}` answers it. */
export interface Export {
  id: string;
  type: string;
  format: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  dryRun: boolean;
  rowCount: number | null;
  error: string | null;
  fileUrl: string | null;
  scheduleId: string | null;
  createdAt: string;
  finishedAt: string | null;
}

/** The columns of an `orders` CSV export, in order (../shared/API.md, Exports). */
export const ORDER_COLUMNS =
  'number,id,status,email,currency,subtotal,discountTotal,shippingTotal,taxTotal,total,amountRefunded,promotionCode,shippingCountry,createdAt,paidAt,fulfilledAt,cancelledAt'.split(
    ',',
  );

/** Starts an export (202) and answers it once finished. */
export async function exportOf(
  api: Pick<TestApi, 'http'>,
  token: string,
  storeId: string,
  body: Record<string, unknown>,
): Promise<Export> {
  const res = await api.http('POST', `/api/v1/stores/${storeId}/exports`, { token, body });
  if (res.status !== 202) throw new Error(`export: ${res.status} ${res.text}`);
  expect(res.body).toEqual({ id: expect.any(String), status: 'queued' });
  return finished(api, token, storeId, res.body.id);
}

/** The export once it has succeeded or failed. */
export function finished(
  api: Pick<TestApi, 'http'>,
  token: string,
  storeId: string,
  id: string,
): Promise<Export> {
  return waitFor(
    async () => {
      const res = await api.http('GET', `/api/v1/stores/${storeId}/exports/${id}`, { token });
      return res.body?.status === 'succeeded' || res.body?.status === 'failed'
        ? (res.body as Export)
        : null;
    },
    30_000,
    `export ${id} to finish`,
  );
}

export const fileUrlPath = (e: Export) => new URL(e.fileUrl as string).pathname;

/**
 * A CSV export's file, downloaded from its `fileUrl` (on the api's PUBLIC_URL) as a CSV
 * attachment, parsed into rows (the header first).
 */
export async function csvOf(
  api: Pick<TestApi, 'http'> & { config: Pick<TestApi['config'], 'publicUrl'> },
  token: string,
  e: Export,
): Promise<string[][]> {
  expect(e.fileUrl).toBe(`${api.config.publicUrl}${fileUrlPath(e)}`);
  const res = await api.http('GET', fileUrlPath(e), { token });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  expect(res.headers.get('content-disposition')).toMatch(/^attachment/);
  return parse(res.text) as string[][];
}
