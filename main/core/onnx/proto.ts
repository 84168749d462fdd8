import protobuf from 'protobufjs';

/**
 * The part of onnx.proto (package `onnx`, proto2) the model writer needs, declared through protobufjs
 * reflection: no .proto file is read at runtime and no code generator runs at build time. Field
 * numbers, types and packing follow onnx.proto exactly; messages and fields we never write are left
 * out, and a decoder skips them as unknown fields.
 */

export const TensorDataType = { FLOAT: 1, INT64: 7, DOUBLE: 11 } as const;

export const AttributeType = {
  FLOAT: 1,
  INT: 2,
  STRING: 3,
  TENSOR: 4,
  FLOATS: 6,
  INTS: 7,
  STRINGS: 8,
} as const;

type FieldJson = { type: string; id: number; rule?: 'repeated'; options?: { packed: boolean } };
const field = (type: string, id: number): FieldJson => ({ type, id });
const SCALARS = new Set(['float', 'double', 'int32', 'int64']);
/** Plain repeated field; numeric ones unpacked, as onnx.proto (proto2) declares them. */
const repeated = (type: string, id: number): FieldJson =>
  SCALARS.has(type)
    ? { type, id, rule: 'repeated', options: { packed: false } }
    : { type, id, rule: 'repeated' };
const packed = (type: string, id: number): FieldJson => ({
  type,
  id,
  rule: 'repeated',
  options: { packed: true },
});

const descriptor = {
  nested: {
    onnx: {
      nested: {
        AttributeProto: {
          fields: {
            name: field('string', 1),
            f: field('float', 2),
            i: field('int64', 3),
            s: field('bytes', 4),
            t: field('TensorProto', 5),
            floats: repeated('float', 7),
            ints: repeated('int64', 8),
            strings: repeated('bytes', 9),
            doc_string: field('string', 13),
            type: field('int32', 20),
          },
        },
        ValueInfoProto: {
          fields: { name: field('string', 1), type: field('TypeProto', 2), doc_string: field('string', 3) },
        },
        NodeProto: {
          fields: {
            input: repeated('string', 1),
            output: repeated('string', 2),
            name: field('string', 3),
            op_type: field('string', 4),
            attribute: repeated('AttributeProto', 5),
            doc_string: field('string', 6),
            domain: field('string', 7),
          },
        },
        ModelProto: {
          fields: {
            ir_version: field('int64', 1),
            producer_name: field('string', 2),
            producer_version: field('string', 3),
            domain: field('string', 4),
            model_version: field('int64', 5),
            doc_string: field('string', 6),
            graph: field('GraphProto', 7),
            opset_import: repeated('OperatorSetIdProto', 8),
            metadata_props: repeated('StringStringEntryProto', 14),
          },
        },
        /** Only the metadata of a ModelProto, so reading it skips the (large) graph undecoded. */
        ModelMetadataView: {
          fields: { metadata_props: repeated('StringStringEntryProto', 14) },
        },
        StringStringEntryProto: {
          fields: { key: field('string', 1), value: field('string', 2) },
        },
        GraphProto: {
          fields: {
            node: repeated('NodeProto', 1),
            name: field('string', 2),
            initializer: repeated('TensorProto', 5),
            doc_string: field('string', 10),
            input: repeated('ValueInfoProto', 11),
            output: repeated('ValueInfoProto', 12),
            value_info: repeated('ValueInfoProto', 13),
          },
        },
        TensorProto: {
          fields: {
            dims: repeated('int64', 1),
            data_type: field('int32', 2),
            float_data: packed('float', 4),
            int64_data: packed('int64', 7),
            name: field('string', 8),
            raw_data: field('bytes', 9),
            doc_string: field('string', 12),
            double_data: packed('double', 10),
          },
        },
        TensorShapeProto: {
          fields: { dim: repeated('Dimension', 1) },
          nested: {
            Dimension: {
              oneofs: { value: { oneof: ['dim_value', 'dim_param'] } },
              fields: {
                dim_value: field('int64', 1),
                dim_param: field('string', 2),
                denotation: field('string', 3),
              },
            },
          },
        },
        TypeProto: {
          oneofs: { value: { oneof: ['tensor_type'] } },
          fields: { tensor_type: field('Tensor', 1), denotation: field('string', 6) },
          nested: {
            Tensor: {
              fields: { elem_type: field('int32', 1), shape: field('TensorShapeProto', 2) },
            },
          },
        },
        OperatorSetIdProto: {
          fields: { domain: field('string', 1), version: field('int64', 2) },
        },
      },
    },
  },
};

const root = protobuf.Root.fromJSON(descriptor);

export const ModelProto = root.lookupType('onnx.ModelProto');
export const ModelMetadataView = root.lookupType('onnx.ModelMetadataView');

// Plain-object shapes of the messages we build (snake_case, as declared above).
export interface AttributeMessage {
  name: string;
  type: number;
  f?: number;
  i?: number;
  s?: Uint8Array;
  floats?: number[];
  ints?: number[];
  strings?: Uint8Array[];
}
export interface TensorMessage {
  name: string;
  dims: number[];
  data_type: number;
  float_data?: number[];
  int64_data?: number[];
}
export interface ValueInfoMessage {
  name: string;
  doc_string?: string;
  type: {
    tensor_type: {
      elem_type: number;
      shape: { dim: ({ dim_value: number } | { dim_param: string })[] };
    };
  };
}
export interface NodeMessage {
  name: string;
  op_type: string;
  domain: string;
  input: string[];
  output: string[];
  attribute: AttributeMessage[];
  doc_string?: string;
}
export interface ModelMessage {
  ir_version: number;
  producer_name: string;
  producer_version: string;
  doc_string?: string;
  opset_import: { domain: string; version: number }[];
  graph: {
    name: string;
    node: NodeMessage[];
    initializer: TensorMessage[];
    input: ValueInfoMessage[];
    output: ValueInfoMessage[];
  };
  metadata_props: { key: string; value: string }[];
}

export function encodeModel(model: ModelMessage): Uint8Array {
  const message = ModelProto.fromObject(model);
  return ModelProto.encode(message).finish();
}
