import { Transform } from 'class-transformer';

/** Trims a string field before validation; other values pass untouched. */
export const Trim = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/** A query-string boolean: `true` and `false` become booleans; anything else is left to fail validation. */
export const QueryBoolean = () =>
  Transform(({ value }: { value: unknown }) =>
    value === 'true' ? true : value === 'false' ? false : value,
  );
