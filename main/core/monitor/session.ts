import os from 'node:os';
import protobuf from 'protobufjs';
import { decodeMetadata, type ModelMetadata } from '../model/format.js';
import { readOnnxMetadata } from '../onnx/metadata.js';
import { FEATURE_NAMES } from '../features/spec.js';
import { EtaSession, OUTPUT_ETA, OUTPUT_LATE, OUTPUT_P90, OUTPUT_WITHIN_TARGET } from '../serving/session.js';
import { sameThreadScorer, threadScorer, type BatchScorer } from './scorer.js';

/**
 * The champion as the monitor scores it: its metadata, and its session on a copy of the model file cut
 * down to the four outputs the monitor reads (onnxruntime runs every node of a graph whatever outputs
 * a run asks for, and the pumps classifier, five trees a round, costs as much as the rest), run in a
 * thread of its own (scorer.ts) while the monitor reads the next batch.
 */

export interface MonitorModel {
  readonly id: string;
  readonly meta: ModelMetadata;
  readonly scorer: BatchScorer;
}

const KEPT_OUTPUTS: readonly string[] = [OUTPUT_ETA, OUTPUT_P90, OUTPUT_WITHIN_TARGET, OUTPUT_LATE];

/** Field numbers of onnx.proto (see onnx/proto.ts). */
const MODEL_GRAPH = 7;
const GRAPH_NODE = 1;
const GRAPH_INITIALIZER = 5;
const GRAPH_OUTPUT = 12;
const NODE_INPUT = 1;
const NODE_OUTPUT = 2;
const VALUE_INFO_NAME = 1;
const TENSOR_NAME = 8;
const LENGTH_DELIMITED = 2;

interface Field {
  readonly number: number;
  /** The whole field, tag included, as it was written. */
  readonly raw: Uint8Array;
  /** A length-delimited field's content; null for the other wire types. */
  readonly content: Uint8Array | null;
}

/** A message's top-level fields, undecoded. */
function fieldsOf(bytes: Uint8Array): Field[] {
  const reader = protobuf.Reader.create(bytes);
  const fields: Field[] = [];
  while (reader.pos < reader.len) {
    const start = reader.pos;
    const tag = reader.uint32();
    const wire = tag & 7;
    let content: Uint8Array | null = null;
    if (wire === LENGTH_DELIMITED) {
      const length = reader.uint32();
      content = bytes.subarray(reader.pos, reader.pos + length);
      reader.skip(length);
    } else reader.skipType(wire);
    fields.push({ number: tag >>> 3, raw: bytes.subarray(start, reader.pos), content });
  }
  return fields;
}

const decoder = new TextDecoder();
/** The strings of one repeated (or single) string field of a message. */
function stringsOf(message: Uint8Array, field: number): string[] {
  return fieldsOf(message)
    .filter((f) => f.number === field && f.content !== null)
    .map((f) => decoder.decode(f.content!));
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A length-delimited field of `content`, written afresh. */
function lengthDelimited(field: number, content: Uint8Array): Uint8Array {
  const head = protobuf.Writer.create()
    .uint32((field << 3) | LENGTH_DELIMITED)
    .uint32(content.length)
    .finish();
  return concat([head, content]);
}

/**
 * The model file with only the nodes, initializers and outputs the given outputs need; every other
 * byte as it was (the metadata too). A file without other outputs comes back unchanged.
 */
export function pruneToOutputs(bytes: Uint8Array, keep: readonly string[]): Uint8Array {
  const model = fieldsOf(bytes);
  const graphField = model.find((f) => f.number === MODEL_GRAPH);
  if (!graphField?.content) throw new Error('the model file has no graph');
  const graph = fieldsOf(graphField.content);
  const outputs = graph.filter((f) => f.number === GRAPH_OUTPUT);
  const outputName = (f: Field) => stringsOf(f.content!, VALUE_INFO_NAME)[0] ?? '';
  if (outputs.every((f) => keep.includes(outputName(f)))) return bytes;
  for (const name of keep) {
    if (!outputs.some((f) => outputName(f) === name))
      throw new Error(`the model file has no '${name}' output`);
  }
  // Walk back from the kept outputs: a node stays when a tensor that is needed comes out of it.
  const nodes = graph
    .filter((f) => f.number === GRAPH_NODE)
    .map((f) => ({
      field: f,
      inputs: stringsOf(f.content!, NODE_INPUT),
      outputs: stringsOf(f.content!, NODE_OUTPUT),
    }));
  const needed = new Set(keep);
  const kept = new Set<Field>();
  for (let changed = true; changed;) {
    changed = false;
    for (const node of nodes) {
      if (kept.has(node.field) || !node.outputs.some((o) => needed.has(o))) continue;
      kept.add(node.field);
      for (const input of node.inputs) needed.add(input);
      changed = true;
    }
  }
  const parts = graph.flatMap((f) => {
    switch (f.number) {
      case GRAPH_NODE:
        return kept.has(f) ? [f.raw] : [];
      case GRAPH_OUTPUT:
        return keep.includes(outputName(f)) ? [f.raw] : [];
      case GRAPH_INITIALIZER:
        return needed.has(stringsOf(f.content!, TENSOR_NAME)[0] ?? '') ? [f.raw] : [];
      default:
        return [f.raw];
    }
  });
  return concat(model.map((f) => (f === graphField ? lengthDelimited(MODEL_GRAPH, concat(parts)) : f.raw)));
}

/**
 * The model file's metadata and a session of its own on the outputs the monitor reads: in a thread of
 * its own when the machine has a second core (or `sameThread` asks otherwise).
 */
export async function loadForMonitoring(
  bytes: Uint8Array,
  id: string,
  sameThread = os.availableParallelism() < 2,
): Promise<MonitorModel> {
  const meta = decodeMetadata(readOnnxMetadata(bytes));
  const model = pruneToOutputs(bytes, KEPT_OUTPUTS);
  const scorer = sameThread
    ? sameThreadScorer(await EtaSession.create(model, FEATURE_NAMES.length))
    : await threadScorer(model);
  return { id, meta, scorer };
}
