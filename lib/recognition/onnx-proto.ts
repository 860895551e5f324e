/**
 * Encodes small ONNX models (protobuf, by hand: no ONNX library is needed at run time). Used for the
 * one-node model that starts the runtime early (ort-runtime.ts) and for test models that show what
 * the pipeline feeds an embedder.
 */

/** Protobuf varint. */
function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return out;
}
/** A length-delimited protobuf field (wire type 2). */
const field = (no: number, body: number[]): number[] => [...varint((no << 3) | 2), ...varint(body.length), ...body];
const text = (no: number, s: string): number[] => field(no, [...new TextEncoder().encode(s)]);
/** A varint protobuf field (wire type 0). */
const int = (no: number, v: number): number[] => [...varint(no << 3), ...varint(v)];

/** A float tensor's name and shape: a number is a fixed size, a string a named free one (e.g. the batch). */
export interface OnnxTensorSpec {
  name: string;
  dims: readonly (number | string)[];
}

export interface OnnxNodeSpec {
  op: string;
  inputs: readonly string[];
  outputs: readonly string[];
}

/** ValueInfoProto { name, type: TypeProto { tensor_type { elem_type: FLOAT, shape { dim... } } } }. */
function valueInfo(t: OnnxTensorSpec): number[] {
  const dims = t.dims.flatMap((d) => field(1, typeof d === "number" ? int(1, d) : text(2, d)));
  return [...text(1, t.name), ...field(2, field(1, [...int(1, 1), ...field(2, dims)]))];
}

/**
 * A float-only graph of attribute-free nodes (default attributes), IR version 8, opset 13.
 * NodeProto { input, output, op_type }; GraphProto { node, name, input, output }; ModelProto { ir_version, graph, opset_import { version } }.
 */
export function encodeOnnxModel(graph: {
  name: string;
  nodes: readonly OnnxNodeSpec[];
  inputs: readonly OnnxTensorSpec[];
  outputs: readonly OnnxTensorSpec[];
}): Uint8Array {
  const node = (n: OnnxNodeSpec) => [...n.inputs.flatMap((i) => text(1, i)), ...n.outputs.flatMap((o) => text(2, o)), ...text(4, n.op)];
  const body = [
    ...graph.nodes.flatMap((n) => field(1, node(n))),
    ...text(2, graph.name),
    ...graph.inputs.flatMap((t) => field(11, valueInfo(t))),
    ...graph.outputs.flatMap((t) => field(12, valueInfo(t))),
  ];
  return Uint8Array.from([...int(1, 8), ...field(7, body), ...field(8, int(2, 13))]);
}
