/**
 * Encodes ONNX models (protobuf, by hand: no ONNX library is needed at run time). Used for the
 * one-node model that starts the runtime early (ort-runtime.ts), for test models that show what
 * the pipeline feeds an embedder, and by `scripts/convert-face-api-model.ts`, which writes a
 * 22 MB network: the writer works on byte chunks, never on one array of numbers.
 */

type Bytes = Uint8Array;

/** Protobuf varint (non-negative; int64 fields take negatives as 10-byte two's complement). */
function varint(n: number | bigint): Bytes {
  let v = BigInt(n);
  if (v < 0n) v += 1n << 64n;
  const out: number[] = [];
  while (v > 0x7fn) {
    out.push(Number((v & 0x7fn) | 0x80n));
    v >>= 7n;
  }
  out.push(Number(v));
  return Uint8Array.from(out);
}

function concat(parts: readonly Bytes[]): Bytes {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A length-delimited protobuf field (wire type 2). */
const field = (no: number, ...body: Bytes[]): Bytes => {
  const b = concat(body);
  return concat([varint((no << 3) | 2), varint(b.length), b]);
};
const text = (no: number, s: string): Bytes => field(no, new TextEncoder().encode(s));
/** A varint protobuf field (wire type 0). */
const int = (no: number, v: number): Bytes => concat([varint(no << 3), varint(v)]);
/** A 32-bit float protobuf field (wire type 5). */
const float = (no: number, v: number): Bytes => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setFloat32(0, v, true);
  return concat([varint((no << 3) | 5), b]);
};

/** A float tensor's name and shape: a number is a fixed size, a string a named free one (e.g. the batch). */
export interface OnnxTensorSpec {
  name: string;
  dims: readonly (number | string)[];
}

/** A node attribute: an integer, a float, or a list of integers (ONNX INT, FLOAT, INTS). */
export type OnnxAttribute = { int: number } | { float: number } | { ints: readonly number[] };

export interface OnnxNodeSpec {
  op: string;
  inputs: readonly string[];
  outputs: readonly string[];
  attributes?: Readonly<Record<string, OnnxAttribute>>;
}

/** A constant tensor of the graph (weights, shapes): float32 or int64, little-endian raw data. */
export interface OnnxInitializer {
  name: string;
  dims: readonly number[];
  data: Float32Array | BigInt64Array;
}

/** ValueInfoProto { name, type: TypeProto { tensor_type { elem_type: FLOAT, shape { dim... } } } }. */
function valueInfo(t: OnnxTensorSpec): Bytes {
  const dims = t.dims.map((d) => field(1, typeof d === "number" ? int(1, d) : text(2, d)));
  return concat([text(1, t.name), field(2, field(1, int(1, 1), field(2, ...dims)))]);
}

/** AttributeProto { name, f | i | ints, type }. */
function attribute(name: string, a: OnnxAttribute): Bytes {
  if ("int" in a) return field(5, text(1, name), int(3, a.int), int(20, 2));
  if ("float" in a) return field(5, text(1, name), float(2, a.float), int(20, 1));
  return field(5, text(1, name), ...a.ints.map((v) => int(8, v)), int(20, 7));
}

/** NodeProto { input, output, op_type, attribute }. */
function node(n: OnnxNodeSpec): Bytes {
  return field(
    1,
    ...n.inputs.map((i) => text(1, i)),
    ...n.outputs.map((o) => text(2, o)),
    text(4, n.op),
    ...Object.entries(n.attributes ?? {}).map(([name, a]) => attribute(name, a)),
  );
}

/** Typed arrays are written as they lie in memory; ONNX raw data is little-endian. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** TensorProto { dims, data_type (FLOAT 1, INT64 7), name, raw_data }, as GraphProto.initializer (field 5). */
function initializer(t: OnnxInitializer): Bytes {
  if (!LITTLE_ENDIAN) throw new Error("ONNX raw data is little-endian; this machine is not");
  const raw = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
  return field(5, ...t.dims.map((d) => int(1, d)), int(2, t.data instanceof Float32Array ? 1 : 7), text(8, t.name), field(9, raw));
}

/**
 * A float graph, IR version 8, opset 13. GraphProto { node, name, initializer, input, output };
 * ModelProto { ir_version, graph, opset_import { version } }.
 */
export function encodeOnnxModel(graph: {
  name: string;
  nodes: readonly OnnxNodeSpec[];
  inputs: readonly OnnxTensorSpec[];
  outputs: readonly OnnxTensorSpec[];
  initializers?: readonly OnnxInitializer[];
}): Uint8Array {
  const body = [
    ...graph.nodes.map(node),
    text(2, graph.name),
    ...(graph.initializers ?? []).map(initializer),
    ...graph.inputs.map((t) => field(11, valueInfo(t))),
    ...graph.outputs.map((t) => field(12, valueInfo(t))),
  ];
  return concat([int(1, 8), field(7, ...body), field(8, int(2, 13))]);
}
