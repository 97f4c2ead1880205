/**
 * The policy card: the evidence a reviewer needs about an exported dosing policy, as JSON
 * and Markdown, modelled on model cards (Mitchell et al. 2019, "Model Cards for Model
 * Reporting"): intended and out-of-scope use; env and model ids with citations and
 * conventions; training (algorithm, config, budget, cohort); evaluation metrics with
 * bootstrap CIs overall and per genotype/phenotype/ancestry subgroup; the safety
 * constraint and how often it was violated; fidelity of the distilled table and rules;
 * known limitations; provenance (versions, seeds, config hash, SHA-256 of every artefact).
 *
 * Input ({@link PolicyCardInput}) is assembled by export-all.ts from the checkpoint's
 * checkpoint.json, the env metadata, an evaluation run by the exporter, and — when the
 * export runs on a run directory — that run's `provenance.json` (the
 * experiments/provenance.ts `Provenance` record, read as JSON and copied verbatim) and
 * `config.json`.
 */
import type { RandomStream } from '../core/random.js';
import type { Evaluation } from '../eval/evaluate.js';
import { summarizeMetric } from '../eval/stats/summary.js';
import { subgroupSummaries } from '../eval/stats/subgroups.js';
import { WARFARIN_METRICS, WARFARIN_SUBGROUP_KEYS, WARFARIN_SUBGROUP_LABELS, warfarinMetricsTable, type WarfarinEpisodeRow } from '../eval/warfarin-evaluation.js';
import type { TableFidelity } from './dosing-table.js';
import type { RulesFidelity } from './rules.js';

/** A metric's mean with its bootstrap CI. */
export interface MetricEstimate {
  metric: string;
  label: string;
  n: number;
  mean: number;
  ciLow: number;
  ciHigh: number;
  level: number;
}

/** Metrics of one policy, overall and per subgroup. */
export interface PolicyEvidence {
  policy: string;
  overall: MetricEstimate[];
  subgroups: (MetricEstimate & { variable: string; group: string })[];
  safety: {
    /** Mean fraction of days with true INR > 4 / < 1.5. */
    fractionDaysAbove4: number;
    fractionDaysBelow15: number;
    /** Fraction of patients with at least one unsafe day. */
    patientsWithViolation: number;
    /** Mean number of unsafe days (safety cost) per 90-day course. */
    meanCostPerPatient: number;
  };
}

/** Evaluation evidence of the card (warfarin metrics; see eval/warfarin-evaluation.ts). */
export interface CardEvaluation {
  envId: string;
  episodes: number;
  seed: number;
  /** Bootstrap replicates and 1 − confidence level. */
  B: number;
  alpha: number;
  policies: PolicyEvidence[];
}

/** Everything the card is built from. */
export interface PolicyCardInput {
  policyName: string;
  envId: string;
  envOptions: Record<string, unknown>;
  envMetadata: Record<string, unknown>;
  /** checkpoint.json fields (algo, seed, config, training, versions, createdAt). */
  checkpoint: { algo: string; seed: number; config: Record<string, unknown>; training?: Record<string, number>; versions?: Record<string, string>; createdAt?: string } | null;
  evaluation: CardEvaluation | null;
  dosingTable: TableFidelity | null;
  rules: (RulesFidelity & { maxDepth: number; rules: string[] }) | null;
  provenance: {
    versions: Record<string, string>;
    seeds: Record<string, number>;
    /** SHA-256 of the run's canonical config (from provenance.json), or null. */
    configHash: string | null;
    /** The run's provenance.json, verbatim, or null when exporting a bare checkpoint. */
    run: unknown;
    /** SHA-256 of the checkpoint files exported from. */
    source: { path: string; sha256: string }[];
  };
  artefacts: { path: string; sha256: string; bytes: number }[];
  limitations?: string[];
}

export interface PolicyCard extends PolicyCardInput {
  format: 'dosegym-policy-card/1';
  intendedUse: string[];
  outOfScopeUse: string[];
  safetyConstraint: string;
  knownLimitations: string[];
}

const SUBGROUP_METRICS = ['trueTtr', 'pttr', 'daysAbove4', 'daysBelow15'] as const;

function estimate(metric: string, label: string, values: (number | null)[], rng: RandomStream, B: number, alpha: number): MetricEstimate {
  const s = summarizeMetric(values, { rng, B, alpha });
  return { metric, label, n: s.n, mean: s.mean, ciLow: s.ci.low, ciHigh: s.ci.high, level: s.ci.level };
}

/**
 * Warfarin evidence for the card from an evaluation recorded with
 * WARFARIN_EVALUATE_OPTIONS: every metric's mean and bootstrap CI per policy, overall and
 * per subgroup, and the safety summary.
 */
export function warfarinCardEvaluation(evaluation: Evaluation, rng: RandomStream, B = 1000, alpha = 0.05): CardEvaluation {
  const rows = warfarinMetricsTable(evaluation);
  const policies = evaluation.policies.map((p): PolicyEvidence => {
    const r: WarfarinEpisodeRow[] = rows.filter((x) => x.policy === p.name);
    const overall = WARFARIN_METRICS.map((m) => estimate(m.key, m.label, r.map((x) => x[m.key]), rng.fork(`card/${p.name}/${m.key}`), B, alpha));
    const subgroups: PolicyEvidence['subgroups'] = [];
    for (const key of WARFARIN_SUBGROUP_KEYS) {
      for (const metric of SUBGROUP_METRICS) {
        const label = WARFARIN_METRICS.find((m) => m.key === metric)!.label;
        const sums = subgroupSummaries(r.map((x) => x[metric]), r.map((x) => x[key]), { rng: rng.fork(`card/${p.name}/${key}/${metric}`), B, alpha });
        for (const s of sums) subgroups.push({ variable: WARFARIN_SUBGROUP_LABELS[key], group: s.group, metric, label, n: s.n, mean: s.mean, ciLow: s.ci.low, ciHigh: s.ci.high, level: s.ci.level });
      }
    }
    const mean = (xs: number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN);
    return {
      policy: p.name,
      overall,
      subgroups,
      safety: {
        fractionDaysAbove4: mean(r.map((x) => x.fractionAbove4)),
        fractionDaysBelow15: mean(r.map((x) => x.fractionBelow15)),
        patientsWithViolation: mean(r.map((x) => (x.daysAbove4 + x.daysBelow15 > 0 ? 1 : 0))),
        meanCostPerPatient: mean(r.map((x) => x.cost)),
      },
    };
  });
  return { envId: evaluation.envId, episodes: evaluation.episodes, seed: evaluation.seed, B, alpha, policies };
}

/** The card: the input plus the fixed statements on use, safety and limitations. */
export function buildPolicyCard(input: PolicyCardInput): PolicyCard {
  const m = input.envMetadata;
  const ancestry = input.envOptions.ancestry ?? (input.envOptions.kwargs as Record<string, unknown> | undefined)?.ancestry ?? 'european (env default)';
  return {
    format: 'dosegym-policy-card/1',
    ...input,
    intendedUse: [
      `Research on personalised warfarin dosing in simulation: comparing, reviewing and stress-testing a dosing policy trained on ${input.envId}.`,
      'Review by clinicians and pharmacologists of what the policy does (dosing table, distilled rules) and of its evidence (metrics with CIs, subgroups, safety).',
      'Input to other research systems (ONNX, tfjs, portable JSON, FHIR PlanDefinition) that reproduce the same decisions.',
    ],
    outOfScopeUse: [
      'Dosing real patients, or any clinical decision: the policy was trained and evaluated only on virtual patients of a pharmacometric model and has not been validated clinically.',
      'Patients or settings outside the simulated population: other ancestries than those simulated, children, pregnancy, liver disease, interacting drugs other than those modelled (amiodarone, enzyme inducers), bleeding or thrombosis events (not modelled).',
      'Other anticoagulants or target ranges than INR 2–3.',
    ],
    safetyConstraint: 'Constrained MDP cost: 1 per day with true INR > 4 (bleeding risk) or < 1.5 (thrombosis risk) on the next morning; reported as days above/below and the fraction of patients with any such day.',
    knownLimitations: [
      `Simulation only: ${String(m.model ?? 'the PK/PD model')} with the env's variability, lifestyle and measurement-noise settings (variability ${String(m.variability)}, lifestyle ${String(m.lifestyle)}, measurement noise ${String(m.measurementNoise)}); model misspecification transfers directly into the policy.`,
      `Training cohort: virtual patients of ancestry ${JSON.stringify(ancestry)}; subgroups with few patients have wide CIs (see n).`,
      'The policy sees only the observation (INR on the clinic schedule, dose history, covariates, genotypes); it has no memory beyond the last 7 doses.',
      'The dosing table fixes day 14 and reference covariates; the rules are a shallow approximation — use the fidelity figures to judge how far each reproduces the network.',
      ...(input.limitations ?? []),
    ],
  };
}

function num(x: number, digits = 3): string {
  return Number.isFinite(x) ? String(+x.toFixed(digits)) : 'n/a';
}

function pct(x: number): string {
  return Number.isFinite(x) ? `${(100 * x).toFixed(1)} %` : 'n/a';
}

/** The card as Markdown. */
export function policyCardMarkdown(card: PolicyCard): string {
  const m = card.envMetadata;
  const out: string[] = [`# Policy card: ${card.policyName} on ${card.envId}`, ''];
  out.push('> Research artefact. Not validated for clinical use.', '');
  out.push('## Intended use', '', ...card.intendedUse.map((s) => `- ${s}`), '', '## Out-of-scope use', '', ...card.outOfScopeUse.map((s) => `- ${s}`), '');
  out.push('## Environment and model', '');
  out.push(`- Env: \`${card.envId}\`, options \`${JSON.stringify(card.envOptions)}\``);
  out.push(`- PK/PD model: ${String(m.model ?? 'n/a')}`);
  for (const c of (m.citations as string[] | undefined) ?? []) out.push(`  - ${c}`);
  out.push(`- Conventions: one step = ${String(m.stepDays ?? 1)} day, horizon ${String(m.horizonDays ?? 'n/a')} days; action = dose in ${String(m.actionUnit ?? 'n/a')}, step ${String(m.doseStepMg ?? 'n/a')} mg up to ${String(m.maxDoseMg ?? 'n/a')} mg; INR schedule ${String(m.inrSchedule ?? 'n/a')}; therapeutic range ${JSON.stringify(m.therapeuticRange ?? null)}`);
  if (m.rewardShape) out.push(`- Reward: ${String(m.rewardShape)}`);
  out.push('', '## Training', '');
  if (card.checkpoint) {
    out.push(`- Algorithm: ${card.checkpoint.algo}, seed ${card.checkpoint.seed}`);
    if (card.checkpoint.training) out.push(`- Budget and outcome: ${Object.entries(card.checkpoint.training).map(([k, v]) => `${k} = ${num(v)}`).join(', ')}`);
    out.push(`- Config: \`${JSON.stringify(card.checkpoint.config)}\``);
  } else out.push('- Not recorded.');
  out.push('', '## Evaluation', '');
  if (card.evaluation) {
    const e = card.evaluation;
    out.push(`${e.episodes} virtual patients (episode k reset with seed ${e.seed} + k; every policy on the same patients), means with ${(100 * (1 - e.alpha)).toFixed(0)} % percentile bootstrap CIs (B = ${e.B}).`, '');
    const policies = e.policies.map((p) => p.policy);
    out.push(`| metric | ${policies.join(' | ')} |`, `|---|${policies.map(() => '---').join('|')}|`);
    for (const est of e.policies[0]!.overall) {
      const cells = e.policies.map((p) => {
        const x = p.overall.find((o) => o.metric === est.metric)!;
        return `${num(x.mean)} [${num(x.ciLow)}, ${num(x.ciHigh)}]`;
      });
      out.push(`| ${est.label} | ${cells.join(' | ')} |`);
    }
    out.push('', '### Safety', '', card.safetyConstraint, '', '| policy | days INR > 4 | days INR < 1.5 | patients with any unsafe day | unsafe days per patient |', '|---|---|---|---|---|');
    for (const p of e.policies) out.push(`| ${p.policy} | ${pct(p.safety.fractionDaysAbove4)} | ${pct(p.safety.fractionDaysBelow15)} | ${pct(p.safety.patientsWithViolation)} | ${num(p.safety.meanCostPerPatient, 2)} |`);
    out.push('', '### Subgroups', '', '| policy | variable | group | metric | n | mean [CI] |', '|---|---|---|---|---|---|');
    for (const p of e.policies) for (const s of p.subgroups) out.push(`| ${p.policy} | ${s.variable} | ${s.group} | ${s.label} | ${s.n} | ${num(s.mean)} [${num(s.ciLow)}, ${num(s.ciHigh)}] |`);
  } else out.push('- No evaluation was run for this export.');
  out.push('', '## Distilled forms', '');
  if (card.dosingTable) {
    const f = card.dosingTable;
    out.push(`- Dosing table reproduces ${pct(f.exact)} of the policy's evaluation decisions exactly, ${pct(f.within05)} within ±0.5 mg (n = ${f.n}; day ≥ 7: ${pct(f.maintenance.exact)} / ${pct(f.maintenance.within05)}).`);
  }
  if (card.rules) {
    const r = card.rules;
    out.push(`- Rules (CART, depth ≤ ${r.maxDepth}) agree with the policy on ${pct(r.holdoutExact)} of held-out states (${pct(r.holdoutWithinOneStep)} within one dose step; n = ${r.nHoldout} held out, ${r.nTrain} training).`, '', '```', ...r.rules, '```');
  }
  out.push('', '## Known limitations', '', ...card.knownLimitations.map((s) => `- ${s}`), '');
  out.push('## Provenance', '');
  out.push(`- Versions: ${Object.entries(card.provenance.versions).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  out.push(`- Seeds: ${Object.entries(card.provenance.seeds).map(([k, v]) => `${k} ${v}`).join(', ') || 'n/a'}`);
  out.push(`- Config hash (SHA-256 of canonical JSON): ${card.provenance.configHash ?? 'n/a (no run provenance)'}`);
  out.push('', '| source file | SHA-256 |', '|---|---|', ...card.provenance.source.map((s) => `| ${s.path} | \`${s.sha256}\` |`));
  out.push('', '| artefact | bytes | SHA-256 |', '|---|---|---|', ...card.artefacts.map((a) => `| ${a.path} | ${a.bytes} | \`${a.sha256}\` |`));
  return `${out.join('\n')}\n`;
}
