/** Self-contained ONNX writer for the trained ensembles, and a metadata reader that needs no runtime. */
export {
  ETA_OUTPUT,
  exportEtaModel,
  INPUT_NAME,
  LATE_OUTPUT,
  META_FEATURE_NAMES,
  META_HEADS,
  META_P90_OFFSET,
  P90_OUTPUT,
  WITHIN_TARGET_OUTPUT,
  WRITER_KEY_PREFIX,
  type EtaModelExport,
} from './export.js';
export { readOnnxMetadata } from './metadata.js';
export { PUMPS_OUTPUT, type PumpsExport } from './pumps.js';
