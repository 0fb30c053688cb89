/** `col` as an ISO-8601 UTC string with milliseconds (`2026-12-02T09:23:02.123Z`), named `as`. */
export const isoTimestamp = (col: string, as: string) =>
  `to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "${as}"`;
