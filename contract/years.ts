/**
 * The years a date may have in an LFB record or a call time. Outside them a date is a typing mistake
 * or a mis-read cell, not an incident: the importer and the call-time check both refuse it. Pure data,
 * no imports, so core, preload and renderer can all use it.
 */
export const MIN_RECORD_YEAR = 1990;
export const MAX_RECORD_YEAR = 2100;
