/**
 * Bounds that keep a malformed or hostile file from exhausting memory. Real LFB cells are under 200
 * characters and rows under 5,000.
 */
export const MAX_CELL_CHARS = 32 * 1024;
export const MAX_ROW_CHARS = 4 * 1024 * 1024;
/** Rows scanned for the header (some exports put a title above it). */
export const MAX_HEADER_SCAN_ROWS = 10;
/** Rows per insert batch: cancellation and progress are checked between batches. */
export const BATCH_ROWS = 5_000;
/** Read-ahead per file stream. */
export const READ_CHUNK_BYTES = 1024 * 1024;
