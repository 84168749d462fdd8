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
/** Excel's last column is XFD; a cell reference past it is not from a spreadsheet application. */
export const MAX_COLUMNS = 16_384;
/**
 * Worksheet XML deflates about 5–15:1; deflate cannot exceed ~1030:1, which is what a zip bomb's run
 * of one repeated byte reaches. Parts that would inflate past MIN_BOMB_CHECK_BYTES at more than this
 * ratio are refused before any of them is inflated.
 */
export const MAX_COMPRESSION_RATIO = 200;
/** Below this a part inflates in well under a second whatever its ratio: not worth refusing. */
export const MIN_BOMB_CHECK_BYTES = 64 * 1024 * 1024;
