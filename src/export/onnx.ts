/**
 * ONNX export of a portable policy (portable-json.ts), written from TypeScript with
 * onnx-proto: IR version 8, opset 13, dynamic batch dimension `batch`, float32
 * initialisers as `rawData` (little-endian).
 *
 * Graph (input `observation` float32 [batch, D], raw clinical units):
 * ```
 * observation ─Cast(f64)─Sub(mean)─Div(std)─Clip(−c, c)─Cast(f32)─▶ z   (only with
 *              normalisation; std = √(var + ε); float64 like the TS policy, because
 *              near-constant features (var ≈ 1e-8) amplify float32 rounding of the mean)
 * z ─Gemm(W0, b0)─Tanh─ … ─Gemm(WL, bL)─▶ logits | mean    (W stored [in, out], transB = 0)
 * discrete: logits ─ArgMax(axis 1, first on ties)─(+start)─▶ action        int64 [batch]
 *           action ─Gather(values)─▶ action_value                         float32 [batch]
 *           (only when the action mapping has values, e.g. the dose in mg)
 * box:      mean ─Min(high)─Max(low)─▶ action                             float32 [batch, dim]
 * ```
 * The model's metadata_props carry the env id, the observation layout (names, units) and
 * the action mapping as JSON, so the file explains itself.
 */
import onnxProto from 'onnx-proto';
import type { onnx as O } from 'onnx-proto';
import { writeFileAtomicSync } from '../core/atomic-write.js';
import type { PortablePolicy } from './portable-json.js';
import { validatePortablePolicy } from './portable-json.js';

const { onnx } = onnxProto;

/** ONNX IR version and default-domain opset written. */
export const ONNX_IR_VERSION = 8;
export const ONNX_OPSET = 13;

const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT64 = onnx.TensorProto.DataType.INT64;
const DOUBLE = onnx.TensorProto.DataType.DOUBLE;

/** A float32 initialiser with raw little-endian data. */
function floatTensor(name: string, dims: number[], values: ArrayLike<number>): O.ITensorProto {
  const data = Float32Array.from(values);
  return { name, dims, dataType: FLOAT, rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

/** A float64 initialiser with raw little-endian data. */
function doubleTensor(name: string, dims: number[], values: ArrayLike<number>): O.ITensorProto {
  const data = Float64Array.from(values);
  return { name, dims, dataType: DOUBLE, rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

function int64Tensor(name: string, dims: number[], values: number[]): O.ITensorProto {
  return { name, dims, dataType: INT64, int64Data: values };
}

/** A tensor value info with the dynamic `batch` first dimension. */
function valueInfo(name: string, elemType: number, dims: (number | 'batch')[], docString: string): O.IValueInfoProto {
  return {
    name,
    docString,
    type: { tensorType: { elemType, shape: { dim: dims.map((d) => (d === 'batch' ? { dimParam: 'batch' } : { dimValue: d })) } } },
  };
}

function intAttr(name: string, i: number): O.IAttributeProto {
  return { name, type: onnx.AttributeProto.AttributeType.INT, i };
}

/** The ONNX ModelProto of a portable policy. */
export function portableToOnnxModel(p: PortablePolicy, producerVersion = 'unknown'): O.ModelProto {
  validatePortablePolicy(p);
  const nodes: O.INodeProto[] = [];
  const inits: O.ITensorProto[] = [];
  const d = p.observation.size;
  let x = 'observation';
  if (p.normalization) {
    const n = p.normalization;
    inits.push(doubleTensor('norm/mean', [d], n.mean));
    inits.push(doubleTensor('norm/std', [d], n.var.map((v) => Math.sqrt(v + n.epsilon))));
    inits.push(doubleTensor('norm/clip_min', [], [-n.clip]));
    inits.push(doubleTensor('norm/clip_max', [], [n.clip]));
    nodes.push({ opType: 'Cast', name: 'norm/to_f64', input: [x], output: ['norm/x64'], attribute: [intAttr('to', DOUBLE)] });
    nodes.push({ opType: 'Sub', name: 'norm/sub', input: ['norm/x64', 'norm/mean'], output: ['norm/centered'] });
    nodes.push({ opType: 'Div', name: 'norm/div', input: ['norm/centered', 'norm/std'], output: ['norm/scaled'] });
    nodes.push({ opType: 'Clip', name: 'norm/clip', input: ['norm/scaled', 'norm/clip_min', 'norm/clip_max'], output: ['norm/z64'] });
    nodes.push({ opType: 'Cast', name: 'norm/to_f32', input: ['norm/z64'], output: ['z'], attribute: [intAttr('to', FLOAT)] });
    x = 'z';
  }
  const head = p.action.kind === 'discrete' ? 'logits' : 'mean';
  const layers = p.network.layers;
  layers.forEach((l, i) => {
    const last = i === layers.length - 1;
    inits.push(floatTensor(`dense_${i}/kernel`, [l.inSize, l.outSize], l.w));
    inits.push(floatTensor(`dense_${i}/bias`, [l.outSize], l.b));
    const pre = last ? head : `dense_${i}/pre`;
    nodes.push({ opType: 'Gemm', name: `dense_${i}/gemm`, input: [x, `dense_${i}/kernel`, `dense_${i}/bias`], output: [pre], attribute: [intAttr('transB', 0)] });
    if (last) return;
    const act = p.network.activation === 'tanh' ? 'Tanh' : 'Relu';
    nodes.push({ opType: act, name: `dense_${i}/${act.toLowerCase()}`, input: [pre], output: [`dense_${i}/out`] });
    x = `dense_${i}/out`;
  });
  const outputs: O.IValueInfoProto[] = [];
  const a = p.action;
  const unit = a.unit ? ` (${a.unit})` : '';
  if (a.kind === 'discrete') {
    outputs.push(valueInfo('logits', FLOAT, ['batch', a.n], 'unnormalised log-probabilities of the actions'));
    const index = a.start === 0 ? 'action' : 'action_index';
    nodes.push({ opType: 'ArgMax', name: 'head/argmax', input: ['logits'], output: [index], attribute: [intAttr('axis', 1), intAttr('keepdims', 0), intAttr('select_last_index', 0)] });
    if (a.start !== 0) {
      inits.push(int64Tensor('head/start', [], [a.start]));
      nodes.push({ opType: 'Add', name: 'head/start', input: [index, 'head/start'], output: ['action'] });
    }
    outputs.push(valueInfo('action', INT64, ['batch'], `env action: start + argmax(logits), start = ${a.start}`));
    if (a.values) {
      inits.push(floatTensor('head/values', [a.n], a.values));
      nodes.push({ opType: 'Gather', name: 'head/values', input: ['head/values', index], output: ['action_value'], attribute: [intAttr('axis', 0)] });
      outputs.push(valueInfo('action_value', FLOAT, ['batch'], `value of the chosen action${unit}`));
    }
  } else {
    inits.push(floatTensor('head/low', [a.dim], a.low.map((v) => v ?? -Infinity)));
    inits.push(floatTensor('head/high', [a.dim], a.high.map((v) => v ?? Infinity)));
    outputs.push(valueInfo('mean', FLOAT, ['batch', a.dim], 'mean of the Gaussian policy (unclipped)'));
    nodes.push({ opType: 'Min', name: 'head/min', input: ['mean', 'head/high'], output: ['head/upper'] });
    nodes.push({ opType: 'Max', name: 'head/max', input: ['head/upper', 'head/low'], output: ['action'] });
    outputs.push(valueInfo('action', FLOAT, ['batch', a.dim], `mean clipped into [low, high]${unit}`));
  }
  const layout = p.observation.layout;
  const inputDoc = layout ? `raw observation: ${layout.map((f) => `${f.index} ${f.name} [${f.unit}]`).join('; ')}` : 'raw observation row';
  return onnx.ModelProto.create({
    irVersion: ONNX_IR_VERSION,
    opsetImport: [{ domain: '', version: ONNX_OPSET }],
    producerName: 'dosegym',
    producerVersion,
    docString: `dosegym policy '${p.name}' for ${p.envId ?? 'an unnamed env'}: normalisation, MLP (${p.network.activation}) and action head`,
    metadataProps: [
      { key: 'dosegym.env_id', value: p.envId ?? '' },
      { key: 'dosegym.observation_layout', value: JSON.stringify(layout) },
      { key: 'dosegym.action', value: JSON.stringify(a) },
      { key: 'dosegym.normalization', value: JSON.stringify(p.normalization) },
    ],
    graph: {
      name: 'dosegym_policy',
      node: nodes,
      initializer: inits,
      input: [valueInfo('observation', FLOAT, ['batch', d], inputDoc)],
      output: outputs,
    },
  });
}

/** Serialised ONNX bytes of a portable policy. */
export function portableToOnnxBytes(p: PortablePolicy, producerVersion?: string): Uint8Array {
  return onnx.ModelProto.encode(portableToOnnxModel(p, producerVersion)).finish();
}

/** Write `policy.onnx`-style bytes to `path`. */
export function writeOnnx(p: PortablePolicy, path: string, producerVersion?: string): void {
  writeFileAtomicSync(path, portableToOnnxBytes(p, producerVersion));
}
