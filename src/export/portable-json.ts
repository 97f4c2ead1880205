/**
 * The portable policy: everything needed to run a trained MLP policy outside dosegym, as
 * one self-describing JSON file. It is also the in-memory form every other export (ONNX,
 * tfjs, dosing table, rules) is built from.
 *
 * JSON layout (`format: 'dosegym-portable-policy/1'`):
 * ```
 * {
 *   "format": "dosegym-portable-policy/1",
 *   "name": "ppo", "envId": "dosegym/Warfarin-v0",
 *   "network": { "activation": "tanh",
 *                "layers": [{ "inSize": 29, "outSize": 64,
 *                             "w": "<base64>", "b": "<base64>" }, …] },
 *   "normalization": { "mean": [...], "var": [...], "clip": 10, "epsilon": 1e-8 } | null,
 *   "observation": { "size": 29, "layout": [{ "index": 0, "name": "day", "unit": "day", "description": "…" }, …] | null },
 *   "action": { "kind": "discrete", "n": 31, "start": 0, "head": "logits", "unit": "mg", "values": [0, 0.5, …, 15] }
 *           | { "kind": "box", "dim": 1, "low": [0], "high": [15], "head": "mean", "unit": "mg" }
 * }
 * ```
 * Weights: `w` is the dense kernel **row-major [inSize, outSize]** (`W[k][j]` at
 * `k·outSize + j`, the tfjs layout of agents/nn/weights.ts; `y = x·W + b`), `b` the bias;
 * both are **base64 of little-endian IEEE-754 float32** bytes (exact, about 4/3 the
 * binary size). Hidden layers apply `activation`; the last layer is linear.
 *
 * How to act (what portable-runtime.ts, the ONNX graph and the tfjs export do):
 * 1. `z = clip((x − mean) / √(var + epsilon), −clip, +clip)` per feature, when
 *    `normalization` is not null (SB3 VecNormalize), else `z = x`;
 * 2. `out = MLP(z)`;
 * 3. the action head (`action.head`; absent = `logits` / `mean`):
 *    - `logits` (PPO) or `q-values` (DQN): `out` has n entries; `action = start + argmax(out)`
 *      (first index on ties);
 *    - `dueling-q-values` (DQN, dueling): `out` = [A (n), V]; Q = V + A − mean(A) (float64,
 *      then float32), `action = start + argmax(Q)`;
 *    - discrete actions: the dose is `values[action − start]` in `unit`;
 *    - `mean` (PPO, Box): `action = min(max(out, low), high)` (null bounds are unbounded);
 *    - `tanh-squashed` (SAC, Box with finite bounds): `out` = [mean (dim), log-std (dim)];
 *      the deterministic action `low + (tanh(mean) + 1)(high − low)/2`, clipped to the Box.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { InputError, ParseError } from '../core/errors.js';
import { readCheckpointMeta } from '../agents/checkpoint.js';
import { loadPolicy, type CheckpointPolicy } from '../agents/checkpoint.js';
import type { ActionSpec, ObservationSpec } from '../agents/rl/action-space.js';
import { ActorCriticPolicy } from '../agents/rl/actor-critic-policy.js';
import { QPolicy } from '../agents/rl/dqn.js';
import { NormalizedActorCriticPolicy, NormalizedObservationPolicy } from '../agents/rl/normalized-policy.js';
import type { MlpWeights } from '../agents/nn/weights.js';
import { validateMlpWeights } from '../agents/nn/weights.js';

export const PORTABLE_FORMAT = 'dosegym-portable-policy/1';

/** One observation feature, as in an env's `metadata.observationLayout`. */
export interface ObservationFeature {
  index: number;
  name: string;
  unit: string;
  description: string;
}

/** Observation normalisation: z = clip((x − mean)/√(var + ε), ±clip). */
export interface PortableNormalization {
  mean: number[];
  var: number[];
  clip: number;
  epsilon: number;
}

/** Discrete action heads: what the network outputs (see the module doc). */
export const DISCRETE_HEADS = ['logits', 'q-values', 'dueling-q-values'] as const;
/** Box action heads. */
export const BOX_HEADS = ['mean', 'tanh-squashed'] as const;
export type DiscreteHead = (typeof DISCRETE_HEADS)[number];
export type BoxHead = (typeof BOX_HEADS)[number];

/** How network outputs become env actions (see the module doc); `head` absent = logits / mean. */
export type PortableAction =
  | { kind: 'discrete'; n: number; start: number; head?: DiscreteHead; unit?: string; values?: number[] }
  | { kind: 'box'; dim: number; low: (number | null)[]; high: (number | null)[]; head?: BoxHead; unit?: string };

/** The action head of a portable action (the default when absent). */
export function headOf(a: PortableAction): DiscreteHead | BoxHead {
  return a.head ?? (a.kind === 'discrete' ? 'logits' : 'mean');
}

/** Width of the network output the head reads. */
export function headOutputSize(a: PortableAction): number {
  switch (headOf(a)) {
    case 'dueling-q-values':
      return (a as { n: number }).n + 1;
    case 'tanh-squashed':
      return 2 * (a as { dim: number }).dim;
    default:
      return a.kind === 'discrete' ? a.n : a.dim;
  }
}

/** The in-memory portable policy (weights as Float32Array). */
export interface PortablePolicy {
  name: string;
  envId: string | null;
  network: MlpWeights;
  normalization: PortableNormalization | null;
  observation: { size: number; layout: ObservationFeature[] | null };
  action: PortableAction;
}

const finite = z.number().finite();
const featureSchema = z.object({ index: z.number().int().nonnegative(), name: z.string(), unit: z.string(), description: z.string() });
const layerSchema = z.object({ inSize: z.number().int().positive(), outSize: z.number().int().positive(), w: z.string(), b: z.string() });

/** Schema of the JSON file (base64 weights). */
export const PortablePolicyJsonSchema = z.object({
  format: z.literal(PORTABLE_FORMAT),
  name: z.string(),
  envId: z.string().nullable(),
  network: z.object({ activation: z.enum(['tanh', 'relu']), layers: z.array(layerSchema).min(1) }),
  normalization: z.object({ mean: z.array(finite), var: z.array(finite.nonnegative()), clip: finite.positive(), epsilon: finite.nonnegative() }).nullable(),
  observation: z.object({ size: z.number().int().positive(), layout: z.array(featureSchema).nullable() }),
  action: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('discrete'), n: z.number().int().positive(), start: z.number().int(), head: z.enum(DISCRETE_HEADS).optional(), unit: z.string().optional(), values: z.array(finite).optional() }),
    z.object({ kind: z.literal('box'), dim: z.number().int().positive(), low: z.array(finite.nullable()), high: z.array(finite.nullable()), head: z.enum(BOX_HEADS).optional(), unit: z.string().optional() }),
  ]),
});
export type PortablePolicyJson = z.infer<typeof PortablePolicyJsonSchema>;

/**
 * Base64 of the little-endian float32 bytes of `values`.
 * @example float32ToBase64(Float32Array.of(1)) // 'AACAPw=='
 */
export function float32ToBase64(values: Float32Array): string {
  const bytes = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => bytes.writeFloatLE(v, i * 4));
  return bytes.toString('base64');
}

/**
 * Float32 values from base64 little-endian bytes; `expected` checks the count.
 * @example base64ToFloat32('AACAPw==', 1) // Float32Array [1]
 */
export function base64ToFloat32(text: string, expected: number, field: string): Float32Array {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length !== expected * 4) throw new InputError(`${field}: ${bytes.length} bytes of base64 float32, expected ${expected * 4}`, field);
  const out = new Float32Array(expected);
  for (let i = 0; i < expected; i++) out[i] = bytes.readFloatLE(i * 4);
  return out;
}

/** Check that the parts of a portable policy agree (sizes of network, normalisation, layout, action). */
export function validatePortablePolicy(p: PortablePolicy): void {
  validateMlpWeights(p.network);
  const inSize = p.network.layers[0]!.inSize;
  const outSize = p.network.layers[p.network.layers.length - 1]!.outSize;
  if (inSize !== p.observation.size) throw new InputError(`network input ${inSize} ≠ observation size ${p.observation.size}`, 'observation.size');
  if (p.normalization && (p.normalization.mean.length !== inSize || p.normalization.var.length !== inSize)) {
    throw new InputError(`normalization mean/var must have ${inSize} entries`, 'normalization');
  }
  if (p.observation.layout && p.observation.layout.length !== inSize) {
    throw new InputError(`observation layout has ${p.observation.layout.length} features, expected ${inSize}`, 'observation.layout');
  }
  const a = p.action;
  const head = headOf(a);
  if (!(a.kind === 'discrete' ? (DISCRETE_HEADS as readonly string[]) : (BOX_HEADS as readonly string[])).includes(head)) throw new InputError(`action head '${head}' does not fit a ${a.kind} action`, 'action.head');
  const want = headOutputSize(a);
  if (outSize !== want) throw new InputError(`network output ${outSize} ≠ action head size ${want} (${head})`, 'action');
  if (a.kind === 'discrete' && a.values && a.values.length !== a.n) throw new InputError(`action.values must have ${a.n} entries`, 'action.values');
  if (a.kind === 'box' && (a.low.length !== a.dim || a.high.length !== a.dim)) throw new InputError(`action low/high must have ${a.dim} entries`, 'action');
  if (head === 'tanh-squashed' && a.kind === 'box' && [...a.low, ...a.high].some((v) => v === null)) throw new InputError('a tanh-squashed head needs finite Box bounds', 'action');
}

/** The JSON form (base64 weights) of a portable policy. */
export function portablePolicyToJson(p: PortablePolicy): PortablePolicyJson {
  validatePortablePolicy(p);
  return {
    format: PORTABLE_FORMAT,
    name: p.name,
    envId: p.envId,
    network: {
      activation: p.network.activation,
      layers: p.network.layers.map((l) => ({ inSize: l.inSize, outSize: l.outSize, w: float32ToBase64(l.w), b: float32ToBase64(l.b) })),
    },
    normalization: p.normalization,
    observation: p.observation,
    action: p.action,
  };
}

/** Parse and check a portable policy JSON value; ParseError/InputError name the field. */
export function portablePolicyFromJson(value: unknown, source = 'portable policy'): PortablePolicy {
  const parsed = PortablePolicyJsonSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ParseError(`${source}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const j = parsed.data;
  const p: PortablePolicy = {
    name: j.name,
    envId: j.envId,
    network: {
      activation: j.network.activation,
      layers: j.network.layers.map((l, i) => ({
        inSize: l.inSize,
        outSize: l.outSize,
        w: base64ToFloat32(l.w, l.inSize * l.outSize, `network.layers[${i}].w`),
        b: base64ToFloat32(l.b, l.outSize, `network.layers[${i}].b`),
      })),
    },
    normalization: j.normalization,
    observation: j.observation,
    action: j.action,
  };
  validatePortablePolicy(p);
  return p;
}

/** Read a portable policy file. */
export function readPortablePolicy(path: string): PortablePolicy {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read portable policy '${path}' (${(e as NodeJS.ErrnoException).code ?? String(e)})`, 'path');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new ParseError(`${path}: malformed JSON (${(e as Error).message})`);
  }
  return portablePolicyFromJson(value, path);
}

/** What an env tells the exporter: its observation layout and how action indices map to doses. */
export interface EnvDescription {
  envId: string | null;
  metadata?: Record<string, unknown>;
}

function layoutOf(metadata: Record<string, unknown> | undefined): ObservationFeature[] | null {
  const layout = metadata?.observationLayout;
  return Array.isArray(layout) ? (layout as ObservationFeature[]) : null;
}

/**
 * Discrete action values from env metadata: `doseStepMg` × index (warfarin envs), with
 * `actionUnit`; nothing when the env declares no step.
 */
function discreteValues(metadata: Record<string, unknown> | undefined, n: number, start: number): { unit?: string; values?: number[] } {
  const step = metadata?.doseStepMg;
  const unit = typeof metadata?.actionUnit === 'string' ? metadata.actionUnit : undefined;
  if (typeof step !== 'number') return unit ? { unit } : {};
  return { ...(unit ? { unit } : {}), values: Array.from({ length: n }, (_, k) => (k + start) * step) };
}

/** A policy export reads: the network, its head and spaces, and the normalisation. */
interface PolicyParts {
  name: string;
  network: MlpWeights;
  head: DiscreteHead | BoxHead;
  observation: ObservationSpec;
  action: ActionSpec;
  normalization: PortableNormalization | null;
}

function normalizationOf(n: { mean: ArrayLike<number>; var: ArrayLike<number>; clip: number; epsilon: number }): PortableNormalization {
  return { mean: Array.from(n.mean), var: Array.from(n.var), clip: n.clip, epsilon: n.epsilon };
}

/** Network, head, spaces and normalisation of a PPO, DQN or SAC policy (see agents/checkpoint.ts). */
function policyParts(policy: CheckpointPolicy): PolicyParts {
  if (policy instanceof ActorCriticPolicy) {
    const normalization = policy instanceof NormalizedActorCriticPolicy ? normalizationOf(policy.normalization) : null;
    const head = policy.action.kind === 'discrete' ? 'logits' : 'mean';
    return { name: policy.name, network: policy.getWeights().actor, head, observation: policy.observation, action: policy.action, normalization };
  }
  const normalization = policy instanceof NormalizedObservationPolicy ? normalizationOf(policy.normalization) : null;
  const inner = policy instanceof NormalizedObservationPolicy ? policy.inner : policy;
  if (inner instanceof QPolicy) {
    const w = inner.getWeights();
    const action: ActionSpec = { kind: 'discrete', n: inner.nActions, start: inner.actionStart };
    return { name: policy.name, network: w.q, head: w.dueling ? 'dueling-q-values' : 'q-values', observation: inner.observation, action, normalization };
  }
  return { name: policy.name, network: inner.getWeights(), head: 'tanh-squashed', observation: inner.observation, action: inner.action, normalization };
}

/**
 * The portable policy of a trained PPO, DQN or SAC policy (the acting network only: PPO's
 * critic and SAC's critics are not needed to act), with the normalisation the policy
 * carries unless `normalization` is given. PPO exports its mode (argmax logits / clipped
 * mean), DQN its greedy action, SAC its deterministic action (tanh of the mean, scaled to
 * the Box). Observations must be flat (Discrete observation spaces need one-hot encoding,
 * not exported).
 */
export function portableFromPolicy(policy: CheckpointPolicy, env: EnvDescription, normalization?: PortableNormalization | null): PortablePolicy {
  const parts = policyParts(policy);
  if (parts.observation.kind !== 'flat') throw new InputError('export needs a flat (Box) observation space; one-hot Discrete observations are not supported', 'observation');
  const a = parts.action;
  const action: PortableAction =
    a.kind === 'discrete'
      ? { kind: 'discrete', n: a.n, start: a.start, head: parts.head as DiscreteHead, ...discreteValues(env.metadata, a.n, a.start) }
      : {
          kind: 'box',
          dim: a.dim,
          low: Array.from(a.low, (x) => (Number.isFinite(x) ? x : null)),
          high: Array.from(a.high, (x) => (Number.isFinite(x) ? x : null)),
          head: parts.head as BoxHead,
          ...(typeof env.metadata?.actionUnit === 'string' ? { unit: env.metadata.actionUnit } : {}),
        };
  const p: PortablePolicy = {
    name: parts.name,
    envId: env.envId,
    network: parts.network,
    normalization: normalization ?? parts.normalization,
    observation: { size: parts.observation.size, layout: layoutOf(env.metadata) },
    action,
  };
  validatePortablePolicy(p);
  return p;
}

/** The portable policy of a trained actor-critic (PPO) policy: {@link portableFromPolicy}. */
export function portableFromActorCritic(policy: ActorCriticPolicy, env: EnvDescription, normalization?: PortableNormalization | null): PortablePolicy {
  return portableFromPolicy(policy, env, normalization);
}

/**
 * The portable policy of a checkpoint directory (agents/checkpoint.ts: PPO, DQN or SAC),
 * with the normalisation statistics of its `normalization` slot.
 */
export async function portableFromCheckpoint(dir: string, env: EnvDescription): Promise<PortablePolicy> {
  const meta = readCheckpointMeta(dir);
  return portableFromPolicy(await loadPolicy(dir), { envId: env.envId ?? meta.envId ?? null, metadata: env.metadata });
}
