import { Transform } from 'class-transformer';

/** Trims a string field before validation; other values pass untouched. */
export const Trim = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));
