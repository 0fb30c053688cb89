import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@silkcart/shared';
import { stringify } from 'csv-stringify';
import { createReadStream, createWriteStream, type ReadStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';

/** Rows written to a CSV file as they come: nothing but the stream's buffer in memory. */
export interface CsvFileWriter {
  write(rows: string[][]): Promise<void>;
  /** Flushes and moves the file into place. */
  close(): Promise<void>;
  /** Removes what was written. */
  abort(): Promise<void>;
}

/**
 * Export files under `<DATA_DIR>/exports/<storeId>/<exportId>.csv`. A file is written under a
 * temporary name and renamed once complete, so the file route never serves half a file. The
 * worker writes and the api reads: both need the same data directory (a shared volume).
 */
@Injectable()
export class ExportFiles {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  private pathOf(storeId: string, exportId: string): string {
    return join(this.config.dataDir, 'exports', storeId, `${exportId}.csv`);
  }

  async create(
    storeId: string,
    exportId: string,
    header: readonly string[],
  ): Promise<CsvFileWriter> {
    const path = this.pathOf(storeId, exportId);
    const partial = `${path}.part`;
    await mkdir(join(this.config.dataDir, 'exports', storeId), { recursive: true });
    // RFC 4180: CRLF between records, fields quoted when they hold a comma, quote or line break.
    const csv = stringify({ record_delimiter: 'windows', quoted_match: /[\r\n]/ });
    const file = createWriteStream(partial);
    csv.pipe(file);
    const done = finished(file);
    done.catch(() => undefined); // awaited in close(); an early failure must not go unhandled
    const put = async (row: readonly string[]) => {
      // A failing file ends the wait too, rather than waiting on a drain that never comes.
      if (!csv.write(row)) await Promise.race([once(csv, 'drain'), done]);
    };
    await put(header);
    return {
      write: async (rows) => {
        for (const row of rows) await put(row);
      },
      close: async () => {
        csv.end();
        await done;
        await rename(partial, path);
      },
      abort: async () => {
        csv.destroy();
        file.destroy();
        await rm(partial, { force: true });
      },
    };
  }

  /** The finished file, or null when it is not on this process's disk. */
  async open(storeId: string, exportId: string): Promise<ReadStream | null> {
    const path = this.pathOf(storeId, exportId);
    const found = await stat(path).catch(() => null);
    return found?.isFile() ? createReadStream(path) : null;
  }
}
