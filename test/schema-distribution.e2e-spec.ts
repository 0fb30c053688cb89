import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestDatabase, TestDatabase } from './support/test-db';

/**
 * The path to distributing by store (docs/SCALING.md, "Citus"): every tenant-owned table (one
 * with a `store_id` column) must have a primary key, and its primary key and every unique
 * constraint or unique index must include `store_id` as a key column, or be listed in the
 * exceptions table of docs/SCALING.md with the reason. A new table or index that breaks the
 * rule without being listed fails here; so does a listed exception that no longer exists.
 */

const SCALING = join(__dirname, '..', 'docs', 'SCALING.md');
const START = '<!-- distribution-exceptions:start -->';
const END = '<!-- distribution-exceptions:end -->';

interface Breach {
  table: string;
  constraint: string;
  definition: string;
}

/** `table.constraint` of each row of the exceptions table (first two cells, in backticks). */
function parseExceptions(markdown: string): Map<string, string> {
  const start = markdown.indexOf(START);
  const end = markdown.indexOf(END);
  if (start < 0 || end < start) throw new Error(`docs/SCALING.md has no ${START} … ${END} block`);
  const listed = new Map<string, string>();
  for (const line of markdown.slice(start + START.length, end).split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    // | `table` | `constraint` | reason |
    const table = /^`([a-z0-9_]+)`$/.exec(cells[1] ?? '');
    const constraint = /^`([^`]+)`$/.exec(cells[2] ?? '');
    if (!table || !constraint) continue;
    const key = `${table[1]}.${constraint[1]}`;
    if (listed.has(key)) throw new Error(`${key} is listed twice in docs/SCALING.md`);
    const reason = cells[3] ?? '';
    if (reason.length < 10) throw new Error(`${key} is listed without a reason`);
    listed.set(key, reason);
  }
  return listed;
}

/** Keys (primary, unique constraints, unique indexes) of tenant tables without store_id. */
async function breaches(db: TestDatabase): Promise<Breach[]> {
  const uniques = await db.sql<Breach>(`
    with tenant as (
      select c.oid, c.relname
        from pg_class c
        join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
         and exists (select 1 from pg_attribute a
                      where a.attrelid = c.oid and a.attname = 'store_id' and not a.attisdropped)
    )
    select t.relname as "table", i.relname as "constraint",
           pg_get_indexdef(x.indexrelid) as definition
      from tenant t
      join pg_index x on x.indrelid = t.oid and x.indisunique
      join pg_class i on i.oid = x.indexrelid
     where not exists (
             select 1 from pg_attribute a
              where a.attrelid = t.oid and a.attname = 'store_id'
                -- a key column itself (not INCLUDEd, not inside an expression)
                and a.attnum = any ((x.indkey::int2[])[0:x.indnkeyatts - 1]))
    union all
    select t.relname, '(no primary key)', ''
      from tenant t
     where not exists (select 1 from pg_index x where x.indrelid = t.oid and x.indisprimary)
     order by 1, 2`);
  return uniques;
}

describe('schema: keys of tenant-owned tables include store_id (the Citus distribution column)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  }, 60_000);
  afterAll(() => db?.drop());

  it('every key without store_id is a listed exception in docs/SCALING.md, and every listed one exists', async () => {
    const listed = parseExceptions(readFileSync(SCALING, 'utf8'));
    const found = await breaches(db);
    const unlisted = found
      .filter((b) => !listed.has(`${b.table}.${b.constraint}`))
      .map((b) => `${b.table}.${b.constraint}: ${b.definition}`);
    const keys = new Set(found.map((b) => `${b.table}.${b.constraint}`));
    const stale = [...listed.keys()].filter((key) => !keys.has(key));
    // Unlisted: add store_id to the key, or list it in docs/SCALING.md with the reason.
    expect(unlisted).toEqual([]);
    // Stale: the key was fixed or dropped; take it off the list.
    expect(stale).toEqual([]);
  });

  it('catches a new tenant table whose keys leave store_id out', async () => {
    await db.sql(`
      create table distribution_probe (
        id uuid primary key,
        store_id uuid not null,
        code text not null unique,
        other text not null,
        unique (store_id, other)
      )`);
    await db.sql(
      `create unique index distribution_probe_lower on distribution_probe (lower(code))`,
    );
    await db.sql(`create table distribution_probe_nopk (store_id uuid not null, n int)`);
    try {
      const found = (await breaches(db))
        .filter((b) => b.table.startsWith('distribution_probe'))
        .map((b) => `${b.table}.${b.constraint}`);
      expect(found).toEqual([
        'distribution_probe.distribution_probe_code_key',
        'distribution_probe.distribution_probe_lower',
        'distribution_probe.distribution_probe_pkey',
        'distribution_probe_nopk.(no primary key)',
      ]);
    } finally {
      await db.sql(`drop table distribution_probe, distribution_probe_nopk`);
    }
  });

  it('reads the exceptions table of the markdown', () => {
    const md = [
      'intro',
      START,
      '| table | constraint | reason |',
      '| --- | --- | --- |',
      '| `a` | `a_pkey` | uuid primary key: globally unique |',
      '| not code | x | y |',
      END,
      '| `b` | `b_pkey` | outside the block |',
    ].join('\n');
    expect([...parseExceptions(md).keys()]).toEqual(['a.a_pkey']);
  });
});
