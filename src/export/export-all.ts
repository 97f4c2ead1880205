/**
 * exportAll: every export of one trained policy checkpoint (agents/checkpoint.ts: PPO, DQN
 * or SAC) into one directory, with a manifest of the files and their SHA-256. Used by
 * `dosegym export --format all|…` and by the experiment runner's export stage. PPO exports
 * its mode, DQN its greedy action (argmax of the Q-values), SAC its deterministic action
 * (tanh of the mean, scaled to the Box); see portable-json.ts for the heads.
 *
 * Files (relative to `outDir`; only those of the requested formats):
 * ```
 * policy.onnx                     onnx    network + normalisation + action head (onnx.ts)
 * tfjs/model.json, weights.bin,   tfjs    LayersModel + preprocessing (tfjs.ts)
 *   preprocessing.json
 * policy.portable.json            json    portable policy (portable-json.ts)
 * dosing-table.csv, .md           table   dosing table with fidelity (dosing-table.ts)
 * rules.json, rules.md            rules   distilled CART rules, fidelity, clinical metrics (rules.ts)
 * fhir-plan-definition.json       fhir    the table as a FHIR R4 Bundle (fhir.ts)
 * policy-card.json, .md           card    evidence and provenance (policy-card.ts)
 * manifest.json                           this export: files, sizes, SHA-256, summary
 * ```
 * The table, rules and card need an evaluation: `evaluation.episodes` patients (default
 * 100, seed 10 000) are run with the policy (deterministic), and — for rules — with the
 * rule policy on the same patients (common random numbers). Table and FHIR need the
 * warfarin observation layout; on other envs they are skipped (listed in
 * `manifest.skipped`). The card is written last and lists the hashes of every other file.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { writeFileAtomicSync } from '../core/atomic-write.js';
import { join, relative } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { readCheckpointMeta } from '../agents/checkpoint.js';
import { RandomStream } from '../core/random.js';
import '../envs/builtin.js';
import { makeVec, type MakeVecOptions } from '../envs/registry.js';
import { evaluatePolicies, type Evaluation } from '../eval/evaluate.js';
import { WARFARIN_EVALUATE_OPTIONS } from '../eval/warfarin-evaluation.js';
import { InputError } from '../core/errors.js';
import { buildDosingTable, dosingTableCsv, dosingTableMarkdown, tableFidelity, type DosingTable, type DosingTableOptions } from './dosing-table.js';
import { dosingTableToFhir } from './fhir.js';
import { writeOnnx } from './onnx.js';
import { buildPolicyCard, policyCardMarkdown, warfarinCardEvaluation, type PolicyCardInput } from './policy-card.js';
import { portableFromCheckpoint, portablePolicyToJson, type ObservationFeature, type PortablePolicy } from './portable-json.js';
import { PortableRuntimePolicy } from './portable-runtime.js';
import { RulePolicy } from './rule-policy.js';
import { decisionsFromEvaluation, distilRules, rulesMarkdown, treeRules, type DistilOptions, type DistilledRules } from './rules.js';
import { writeTfjs } from './tfjs.js';

export const EXPORT_FORMATS = ['onnx', 'tfjs', 'json', 'table', 'rules', 'card', 'fhir'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportAllOptions {
  /** A checkpoint directory (agents/checkpoint.ts: checkpoint.json, model.json, weights.bin; PPO, DQN or SAC). */
  checkpointDir: string;
  /** Where the files go (created). */
  outDir: string;
  /** Env id (default: the checkpoint's envId). */
  envId?: string;
  /** makeVec options of the env (kwargs such as ancestry), as trained. */
  envOptions?: MakeVecOptions;
  /** Evaluation behind table fidelity, rules and card (defaults: 100 patients, seed 10 000, 2000 bootstrap replicates → 1000). */
  evaluation?: { episodes?: number; seed?: number; numEnvs?: number; bootstrap?: number };
  /** The run directory, when exporting from one: its provenance.json and config.json go into the card. */
  runDir?: string;
  /** Formats to write (default all). */
  formats?: readonly ExportFormat[];
  /** CART options (default depth 3, 20 states per leaf, 30 % of patients held out). */
  rules?: DistilOptions;
  /** Band edges and reference features of the dosing table. */
  table?: Omit<DosingTableOptions, 'referenceStates'>;
  /** Policy name in reports (default the checkpoint's algo). */
  name?: string;
}

/** One written file. */
export interface ManifestFile {
  /** Path relative to outDir, '/'-separated. */
  path: string;
  format: ExportFormat;
  bytes: number;
  sha256: string;
}

export interface ExportManifest {
  format: 'dosegym-export-manifest/1';
  createdAt: string;
  policy: string;
  envId: string;
  checkpointDir: string;
  files: ManifestFile[];
  skipped: { format: ExportFormat; reason: string }[];
  /** Headline figures (also in the card). */
  summary: {
    tableFidelity?: { exact: number; within05: number; n: number };
    rulesFidelity?: { holdoutExact: number; holdoutWithinOneStep: number; nHoldout: number };
    /** Mean true TTR of the network and of the rules on the same patients. */
    trueTtr?: Record<string, number>;
  };
}

export const MANIFEST_FILE = 'manifest.json';

/** SHA-256 (hex) of a file. */
export function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function packageVersion(): string {
  try {
    return String((JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string }).version ?? 'unknown');
  } catch {
    return 'unknown';
  }
}

function readJsonIfExists(path: string): unknown {
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch {
    throw new InputError(`${path}: malformed JSON`, 'runDir');
  }
}

/** Env metadata of `envId` (a one-env vector env, closed again). */
function envMetadata(envId: string, envOptions: MakeVecOptions): Record<string, unknown> {
  const vec = makeVec(envId, 1, envOptions);
  try {
    return vec.metadata as Record<string, unknown>;
  } finally {
    vec.close();
  }
}

function isWarfarinLayout(layout: ObservationFeature[] | null): layout is ObservationFeature[] {
  return layout !== null && ['day', 'lastInr', 'dose1'].every((n) => layout.some((f) => f.name === n));
}

/** Doses (mg) a portable discrete policy chooses for observation rows. */
function doseFunction(p: PortablePolicy): (obs: Float32Array) => number[] {
  const runtime = new PortableRuntimePolicy(p);
  const a = p.action;
  if (a.kind !== 'discrete' || !a.values) throw new InputError('the dosing table needs a discrete action space with dose values (e.g. Warfarin-v0)', 'actionSpace');
  return (obs) => Array.from(runtime.act(obs) as Int32Array, (k) => a.values![k - a.start]!);
}

/**
 * Export a checkpoint in the requested formats (default all) and write `manifest.json`.
 * @example const manifest = await exportAll({ checkpointDir: 'runs/x/checkpoints/ppo', outDir: 'runs/x/export/ppo', envId: 'dosegym/Warfarin-v0' })
 */
export async function exportAll(options: ExportAllOptions): Promise<ExportManifest> {
  const formats = new Set<ExportFormat>(options.formats ?? EXPORT_FORMATS);
  for (const f of formats) if (!EXPORT_FORMATS.includes(f)) throw new InputError(`unknown export format '${String(f)}' (known: ${EXPORT_FORMATS.join(', ')}, all)`, 'format');
  const meta = readCheckpointMeta(options.checkpointDir);
  const envId = options.envId ?? meta.envId;
  if (!envId) throw new InputError(`checkpoint '${options.checkpointDir}' records no env id: pass envId (--env)`, 'envId');
  const envOptions = options.envOptions ?? {};
  const metadata = envMetadata(envId, envOptions);
  const portable = await portableFromCheckpoint(options.checkpointDir, { envId, metadata });
  const name = options.name ?? meta.algo;
  portable.name = name;
  const out = options.outDir;
  mkdirSync(out, { recursive: true });
  const files: ManifestFile[] = [];
  const skipped: ExportManifest['skipped'] = [];
  const summary: ExportManifest['summary'] = {};
  const record = (path: string, format: ExportFormat): void => {
    const full = join(out, path);
    files.push({ path: path.split('\\').join('/'), format, bytes: statSync(full).size, sha256: sha256File(full) });
  };
  const write = (path: string, format: ExportFormat, text: string): void => {
    writeFileAtomicSync(join(out, path), text);
    record(path, format);
  };

  if (formats.has('onnx')) {
    writeOnnx(portable, join(out, 'policy.onnx'), packageVersion());
    record('policy.onnx', 'onnx');
  }
  if (formats.has('tfjs')) {
    for (const f of await writeTfjs(portable, join(out, 'tfjs'))) record(`tfjs/${f}`, 'tfjs');
  }
  if (formats.has('json')) write('policy.portable.json', 'json', `${JSON.stringify(portablePolicyToJson(portable), null, 1)}\n`);

  const layout = portable.observation.layout;
  const warfarin = isWarfarinLayout(layout) && portable.action.kind === 'discrete' && portable.action.values !== undefined;
  for (const f of ['table', 'fhir'] as const) if (formats.has(f) && !warfarin) skipped.push({ format: f, reason: 'needs the warfarin observation layout and a discrete dose action (dosegym/Warfarin-v0)' });
  if (formats.has('rules') && (portable.action.kind !== 'discrete' || layout === null)) skipped.push({ format: 'rules', reason: 'needs a discrete action space and an observation layout' });
  const wantRules = formats.has('rules') && portable.action.kind === 'discrete' && layout !== null;
  const needEvaluation = formats.has('card') || wantRules || (warfarin && formats.has('table'));

  let evaluation: Evaluation | null = null;
  let table: DosingTable | null = null;
  let rules: DistilledRules | null = null;
  const ev = { episodes: options.evaluation?.episodes ?? 100, seed: options.evaluation?.seed ?? 10_000, numEnvs: options.evaluation?.numEnvs };
  if (needEvaluation) {
    const evalOptions = {
      envId,
      envOptions,
      episodes: ev.episodes,
      seed: ev.seed,
      ...(ev.numEnvs ? { numEnvs: ev.numEnvs } : {}),
      episodeInfoKeys: warfarin ? WARFARIN_EVALUATE_OPTIONS.episodeInfoKeys : [],
      trajectories: { infoKeys: warfarin ? WARFARIN_EVALUATE_OPTIONS.trajectories.infoKeys : [], observations: true },
    };
    evaluation = await evaluatePolicies({ ...evalOptions, policies: [{ name, policy: new PortableRuntimePolicy(portable) }] });
    const decisions = decisionsFromEvaluation(evaluation.policies[0]!);
    if (warfarin) {
      table = buildDosingTable(doseFunction(portable), layout, { ...options.table, referenceStates: decisions.states });
      const values = (portable.action as { values: number[]; start: number }).values;
      const start = (portable.action as { start: number }).start;
      table.fidelity = tableFidelity(table, layout, decisions.states, Array.from(decisions.actions, (a) => values[a - start]!));
      summary.tableFidelity = { exact: table.fidelity.exact, within05: table.fidelity.within05, n: table.fidelity.n };
    }
    if (wantRules) {
      rules = distilRules(decisions, layout, portable.action, options.rules);
      const ruleEval = await evaluatePolicies({ ...evalOptions, policies: [{ name: 'rules', policy: new RulePolicy(rules.tree) }] });
      evaluation = { ...evaluation, policies: [...evaluation.policies, ...ruleEval.policies] };
      summary.rulesFidelity = { holdoutExact: rules.fidelity.holdoutExact, holdoutWithinOneStep: rules.fidelity.holdoutWithinOneStep, nHoldout: rules.fidelity.nHoldout };
    }
  }
  const citations = Array.isArray(metadata.citations) ? (metadata.citations as string[]) : [];
  if (table && formats.has('table')) {
    write('dosing-table.csv', 'table', dosingTableCsv(table));
    write('dosing-table.md', 'table', dosingTableMarkdown(table, `Dosing table: ${name} on ${envId}`));
  }
  if (table && formats.has('fhir')) {
    const bundle = dosingTableToFhir(table, { citations, policyCard: 'policy-card.md', date: new Date().toISOString() });
    write('fhir-plan-definition.json', 'fhir', `${JSON.stringify(bundle, null, 1)}\n`);
  }
  const cardEvaluation = evaluation && warfarin ? warfarinCardEvaluation(evaluation, RandomStream.fromSeed(ev.seed).fork('bootstrap'), options.evaluation?.bootstrap ?? 1000) : null;
  if (cardEvaluation) {
    summary.trueTtr = Object.fromEntries(cardEvaluation.policies.map((p) => [p.policy, p.overall.find((m) => m.metric === 'trueTtr')!.mean]));
  }
  if (rules && formats.has('rules')) {
    const lines = treeRules(rules.tree);
    write('rules.json', 'rules', `${JSON.stringify({ ...rules, rules: lines, clinicalMetrics: cardEvaluation?.policies.map((p) => ({ policy: p.policy, overall: p.overall, safety: p.safety })) ?? null }, null, 1)}\n`);
    write('rules.md', 'rules', rulesMarkdown(name, rules, lines, cardEvaluation));
  }
  if (formats.has('card')) {
    const runProvenance = options.runDir ? readJsonIfExists(join(options.runDir, 'provenance.json')) : null;
    const rp = (runProvenance ?? {}) as { configHash?: unknown; seeds?: unknown };
    const sourceFiles = ['checkpoint.json', 'model.json', 'weights.bin'].filter((f) => existsSync(join(options.checkpointDir, f)));
    const input: PolicyCardInput = {
      policyName: name,
      envId,
      envOptions: envOptions as Record<string, unknown>,
      envMetadata: metadata,
      checkpoint: { algo: meta.algo, seed: meta.seed, config: meta.config, ...(meta.training ? { training: meta.training } : {}), versions: meta.versions, createdAt: meta.createdAt },
      evaluation: cardEvaluation,
      dosingTable: table?.fidelity ?? null,
      rules: rules ? { ...rules.fidelity, maxDepth: rules.tree.maxDepth, rules: treeRules(rules.tree) } : null,
      provenance: {
        versions: { dosegym: packageVersion(), node: process.versions.node, tfjs: tf.version.tfjs, ...Object.fromEntries(Object.entries(meta.versions).map(([k, v]) => [`trainedWith.${k}`, v])) },
        seeds: { train: meta.seed, evaluation: ev.seed, ...(rp.seeds && typeof rp.seeds === 'object' ? (rp.seeds as Record<string, number>) : {}) },
        configHash: typeof rp.configHash === 'string' ? rp.configHash : null,
        run: runProvenance,
        source: sourceFiles.map((f) => ({ path: relative(out, join(options.checkpointDir, f)).split('\\').join('/'), sha256: sha256File(join(options.checkpointDir, f)) })),
      },
      artefacts: files.map((f) => ({ path: f.path, sha256: f.sha256, bytes: f.bytes })),
      ...(cardEvaluation ? {} : { limitations: ['No warfarin clinical evaluation is attached to this card.'] }),
    };
    const card = buildPolicyCard(input);
    write('policy-card.json', 'card', `${JSON.stringify(card, null, 1)}\n`);
    write('policy-card.md', 'card', policyCardMarkdown(card));
  }
  const manifest: ExportManifest = {
    format: 'dosegym-export-manifest/1',
    createdAt: new Date().toISOString(),
    policy: name,
    envId,
    checkpointDir: options.checkpointDir,
    files,
    skipped,
    summary,
  };
  writeFileAtomicSync(join(out, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
