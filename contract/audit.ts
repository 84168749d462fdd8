import { z } from 'zod';

/**
 * The prediction log's audit export: the answers given over a period of London calendar days, as CSV.
 * The core checks the dates themselves (real days, in order) and says what is wrong in words.
 */

const AUDIT_DAY = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .describe('a London calendar day');

export const AuditExportPayloadSchema = z.strictObject({ from: AUDIT_DAY, to: AUDIT_DAY });
export type AuditExportRequest = z.infer<typeof AuditExportPayloadSchema>;

/** The file written and how many answers it holds; null when the person closed the save dialog. */
export type AuditExportResult = { readonly file: string; readonly rows: number } | null;
