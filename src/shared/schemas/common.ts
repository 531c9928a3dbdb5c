import { z } from 'zod';

/** Client-chosen ids (task ids, request ids): printable, bounded, safe in URLs and logs. */
export const ExternalId = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9._:@-]+$/, 'use letters, digits and . _ : @ - only');

export const IsoTimestamp = z.iso.datetime({ offset: true });

export const Limit = (fallback: number, max: number) =>
  z.coerce.number().int().min(1).max(max).default(fallback);

/** Opaque paging cursor handed back by list endpoints. */
export const Cursor = z.string().min(1).max(512);

export const JsonObject = z.record(z.string(), z.json());
export type JsonObject = z.infer<typeof JsonObject>;
