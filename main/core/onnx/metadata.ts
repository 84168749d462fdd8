import { ModelMetadataView } from './proto.js';

/**
 * The `metadata_props` of an ONNX model, decoded without onnxruntime (registry listings, serving
 * checks before a session is created). Decodes through a view of ModelProto that declares only
 * field 14, so the graph is skipped rather than parsed. Throws on bytes that are not a protobuf message.
 */
export function readOnnxMetadata(bytes: Uint8Array): Record<string, string> {
  const message = ModelMetadataView.decode(bytes);
  const view = ModelMetadataView.toObject(message, { defaults: false }) as {
    metadata_props?: { key?: string; value?: string }[];
  };
  const out: Record<string, string> = {};
  for (const entry of view.metadata_props ?? []) out[entry.key ?? ''] = entry.value ?? '';
  return out;
}
