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
 * z ─Gemm(W0, b0)─Tanh─ … ─Gemm(WL, bL)─▶ head output       (W stored [in, out], transB = 0)
 * discrete: logits (PPO) | q_values (DQN) ─ArgMax(axis 1, first on ties)─(+start)─▶ action  int64 [batch]
 *           dueling DQN: head ─Cast(f64)─Slice A, V─ q = V + A − ReduceMean(A) ─Cast(f32)─▶ q_values
 *           (float64 like QPolicy, so ties and near-ties resolve alike)
 *           action ─Gather(values)─▶ action_value                         float32 [batch]
 *           (only when the action mapping has values, e.g. the dose in mg)
 * box:      mean (PPO) ─Min(high)─Max(low)─▶ action                       float32 [batch, dim]
 *           SAC: head ─Slice(mean)─Tanh─(+1)·(high − low)/2 + low─Min(high)─Max(low)─▶ action
 *           (float32: within ~1e-6 of the TS policy, which rounds between steps differently)
 * ```
 * The model's metadata_props carry the env id, the observation layout (names, units) and
 * the action mapping as JSON, so the file explains itself.
 */
import onnxProto from 'onnx-proto';
import type { onnx as O } from 'onnx-proto';
import { writeFileAtomicSync } from '../core/atomic-write.js';
import type { PortablePolicy } from './portable-json.js';
import { headOf, validatePortablePolicy } from './portable-json.js';

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
  const kind = headOf(p.action);
  const head = { logits: 'logits', 'q-values': 'q_values', 'dueling-q-values': 'head/raw', mean: 'mean', 'tanh-squashed': 'head/raw' }[kind];
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
  const slice = (name: string, from: number, to: number, input: string, output: string): void => {
    inits.push(int64Tensor(`${name}/starts`, [1], [from]), int64Tensor(`${name}/ends`, [1], [to]), int64Tensor(`${name}/axes`, [1], [1]));
    nodes.push({ opType: 'Slice', name, input: [input, `${name}/starts`, `${name}/ends`, `${name}/axes`], output: [output] });
  };
  if (a.kind === 'discrete') {
    const scores = kind === 'logits' ? 'logits' : 'q_values';
    if (kind === 'dueling-q-values') {
      // Q = V + (A − mean A) in float64, as QPolicy computes it.
      nodes.push({ opType: 'Cast', name: 'head/to_f64', input: ['head/raw'], output: ['head/raw64'], attribute: [intAttr('to', DOUBLE)] });
      slice('head/advantages', 0, a.n, 'head/raw64', 'head/a');
      slice('head/value', a.n, a.n + 1, 'head/raw64', 'head/v');
      nodes.push({ opType: 'ReduceMean', name: 'head/mean_a', input: ['head/a'], output: ['head/mean_a'], attribute: [{ name: 'axes', type: onnx.AttributeProto.AttributeType.INTS, ints: [1] }, intAttr('keepdims', 1)] });
      nodes.push({ opType: 'Add', name: 'head/v_plus_a', input: ['head/v', 'head/a'], output: ['head/v_plus_a'] });
      nodes.push({ opType: 'Sub', name: 'head/q64', input: ['head/v_plus_a', 'head/mean_a'], output: ['head/q64'] });
      nodes.push({ opType: 'Cast', name: 'head/to_f32', input: ['head/q64'], output: ['q_values'], attribute: [intAttr('to', FLOAT)] });
    }
    outputs.push(valueInfo(scores, FLOAT, ['batch', a.n], kind === 'logits' ? 'unnormalised log-probabilities of the actions' : 'Q-values of the actions'));
    const index = a.start === 0 ? 'action' : 'action_index';
    nodes.push({ opType: 'ArgMax', name: 'head/argmax', input: [scores], output: [index], attribute: [intAttr('axis', 1), intAttr('keepdims', 0), intAttr('select_last_index', 0)] });
    if (a.start !== 0) {
      inits.push(int64Tensor('head/start', [], [a.start]));
      nodes.push({ opType: 'Add', name: 'head/start', input: [index, 'head/start'], output: ['action'] });
    }
    outputs.push(valueInfo('action', INT64, ['batch'], `env action: start + argmax(${scores}), start = ${a.start}`));
    if (a.values) {
      inits.push(floatTensor('head/values', [a.n], a.values));
      nodes.push({ opType: 'Gather', name: 'head/values', input: ['head/values', index], output: ['action_value'], attribute: [intAttr('axis', 0)] });
      outputs.push(valueInfo('action_value', FLOAT, ['batch'], `value of the chosen action${unit}`));
    }
  } else {
    inits.push(floatTensor('head/low', [a.dim], a.low.map((v) => v ?? -Infinity)));
    inits.push(floatTensor('head/high', [a.dim], a.high.map((v) => v ?? Infinity)));
    if (kind === 'tanh-squashed') {
      // The deterministic SAC action: low + (tanh(mean) + 1)·(high − low)/2.
      slice('head/mean', 0, a.dim, 'head/raw', 'head/mean');
      inits.push(floatTensor('head/one', [], [1]));
      inits.push(floatTensor('head/half_range', [a.dim], a.low.map((lo, j) => 0.5 * (a.high[j]! - lo!))));
      nodes.push({ opType: 'Tanh', name: 'head/tanh', input: ['head/mean'], output: ['head/squashed'] });
      nodes.push({ opType: 'Add', name: 'head/plus_one', input: ['head/squashed', 'head/one'], output: ['head/shifted'] });
      nodes.push({ opType: 'Mul', name: 'head/scale', input: ['head/shifted', 'head/half_range'], output: ['head/scaled'] });
      nodes.push({ opType: 'Add', name: 'head/offset', input: ['head/scaled', 'head/low'], output: ['mean'] });
    }
    outputs.push(valueInfo('mean', FLOAT, ['batch', a.dim], kind === 'tanh-squashed' ? 'deterministic action low + (tanh(mean) + 1)(high − low)/2 (unclipped)' : 'mean of the Gaussian policy (unclipped)'));
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
