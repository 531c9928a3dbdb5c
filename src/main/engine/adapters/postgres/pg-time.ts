/**
 * Times cross the ports as epoch milliseconds. Parameters go in as float8 milliseconds (to_timestamp is exact to the
 * microsecond, so a stored millisecond compares equal to the same parameter later). Views read times as the ISO
 * text SQLite's views show, formatted by Postgres so one row mapper serves both stores.
 */
export const fromMs = (expr: string): string => `to_timestamp((${expr})::float8 / 1000)`;

export const isoText = (column: string): string => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
