/**
 * A dosing table for clinicians: for each genotype group, the dose a policy recommends
 * across bands of the last INR and the current daily dose, read off the policy by querying
 * it on constructed observations; and how much of the policy's real behaviour the table
 * reproduces. Needs the warfarin observation layout (envs/warfarin/observation.ts).
 *
 * **Groups.** CYP2C9 diplotype (the layout's one-hot `cyp2c9_*` features: *1/*1 … *3/*3)
 * × VKORC1 −1639 genotype (`vkorc1A` = number of A alleles: G/G, G/A, A/A): 18 groups.
 * Without genotype features, one group 'all patients'. Patients not genotyped are not
 * covered by the table.
 *
 * **Constructed observation of a cell** (documented in the table's `reference`):
 * - `day` = 14 (maintenance phase; option `referenceDay`), `daysSinceInr` = 0 (INR measured
 *   this morning);
 * - `lastInr` = the band's representative value (midpoint; 0.25 below the first edge for the
 *   lowest band, 0.5 above the last edge for the highest);
 * - `dose1` … `dose7` = the dose band's representative (its midpoint): a patient on a stable
 *   daily dose;
 * - the group's genotype features;
 * - every other feature (age, weight, height, sex, race, co-medication) at a reference
 *   value: the median over the real decision states when they are given (medians of 0/1
 *   features are their majority value), else {@link DEFAULT_REFERENCE}; option
 *   `reference` overrides single features.
 *
 * **Fidelity.** Each real decision (a state the policy visited in evaluation and the dose
 * it chose) is looked up in its cell: group from the state's genotype features, INR band
 * from `lastInr`, dose band from `dose1` (yesterday's dose). Reported: the fraction where
 * the table's dose equals the policy's (exact) and is within ±0.5 mg, over all decisions
 * and over maintenance decisions (day ≥ 7).
 */
import { InputError } from '../core/errors.js';
import type { ObservationFeature } from './portable-json.js';

/** A half-open band [low, high) of a variable; null = unbounded. */
export interface Band {
  label: string;
  low: number | null;
  high: number | null;
  /** The value used in the constructed observation. */
  value: number;
}

export interface GenotypeGroup {
  id: string;
  label: string;
  cyp2c9: string | null;
  vkorc1: string | null;
  /** Feature name → value set for this group. */
  features: Record<string, number>;
}

export interface DosingTableCell {
  group: string;
  inrBand: number;
  doseBand: number;
  recommendedDose: number;
  /** recommendedDose − the band's representative current dose (mg). */
  change: number;
}

export interface TableFidelity {
  /** Decisions looked up (genotyped states). */
  n: number;
  /** Decisions of patients outside every group (not genotyped). */
  uncovered: number;
  exact: number;
  within05: number;
  maintenance: { n: number; exact: number; within05: number };
}

export interface DosingTable {
  unit: string;
  groups: GenotypeGroup[];
  inrBands: Band[];
  doseBands: Band[];
  /** Feature values of the constructed observations besides lastInr, doses and genotype. */
  reference: { features: Record<string, number>; source: string };
  /** groups × inrBands × doseBands, in that order. */
  cells: DosingTableCell[];
  fidelity?: TableFidelity;
}

export interface DosingTableOptions {
  /** INR band edges (default 1.5, 2, 2.5, 3, 3.5, 4, 5). */
  inrEdges?: readonly number[];
  /** Current-dose band edges in mg (default 1, 2, …, 10, 12; the table spans 0–15 mg). */
  doseEdges?: readonly number[];
  maxDose?: number;
  /** Day of the constructed observations (default 14). */
  referenceDay?: number;
  /** Feature overrides for the constructed observations. */
  reference?: Readonly<Record<string, number>>;
  /** Real decision states (rows) whose medians give the reference covariates. */
  referenceStates?: Float32Array;
}

/** Reference covariates when no real states are given (a typical adult of European ancestry). */
export const DEFAULT_REFERENCE: Readonly<Record<string, number>> = Object.freeze({ age: 65, weight: 80, height: 170, female: 0, raceWhite: 1 });

const DEFAULT_INR_EDGES = [1.5, 2, 2.5, 3, 3.5, 4, 5];
const DEFAULT_DOSE_EDGES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12];
const VKORC1_LABELS = ['G/G', 'G/A', 'A/A'];
const MAINTENANCE_DAY = 7;

/** Decides doses (mg) for a batch of observation rows. */
export type DoseFunction = (observations: Float32Array) => ArrayLike<number>;

/** Index of each named feature; InputError naming the missing ones. */
function indexOf(layout: readonly ObservationFeature[], names: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const n of names) {
    const f = layout.find((x) => x.name === n);
    if (!f) throw new InputError(`dosing table: the observation layout has no feature '${n}' (a warfarin layout is needed)`, 'observationLayout');
    out[n] = f.index;
  }
  return out;
}

/**
 * Bands from edges: (−∞, e0), [e0, e1), …, [eK, max].
 * @example bandsFromEdges([2, 3], 'INR', 0.25, 0.5).map((b) => b.label) // ['< 2', '2–3', '≥ 3']
 */
export function bandsFromEdges(edges: readonly number[], unit: string, below: number, above: number, lowest: number | null = null, highest: number | null = null): Band[] {
  const u = unit ? ` ${unit}` : '';
  const bands: Band[] = [];
  for (let k = 0; k <= edges.length; k++) {
    const low = k === 0 ? lowest : edges[k - 1]!;
    const high = k === edges.length ? highest : edges[k]!;
    const label = low === null ? `< ${high}${u}` : high === null ? `≥ ${low}${u}` : `${low}–${high}${u}`;
    const value = low === null ? high! - below : high === null ? low + above : (low + high) / 2;
    bands.push({ label, low, high, value });
  }
  return bands;
}

/** Index of the band holding x (bands are contiguous, the last one closed). */
export function bandIndex(bands: readonly Band[], x: number): number {
  for (let k = 0; k < bands.length - 1; k++) if (x < bands[k]!.high!) return k;
  return bands.length - 1;
}

/** The genotype groups a layout supports. */
export function genotypeGroups(layout: readonly ObservationFeature[]): GenotypeGroup[] {
  const cyp = layout.filter((f) => /^cyp2c9_\d\d$/.test(f.name));
  const hasVk = layout.some((f) => f.name === 'vkorc1A');
  if (cyp.length === 0 || !hasVk) return [{ id: 'all', label: 'all patients', cyp2c9: null, vkorc1: null, features: {} }];
  const groups: GenotypeGroup[] = [];
  for (const c of cyp) {
    const diplotype = `*${c.name[7]}/*${c.name[8]}`;
    VKORC1_LABELS.forEach((vk, a) => {
      const features: Record<string, number> = { cyp2c9Unknown: 0, vkorc1Unknown: 0, vkorc1A: a };
      for (const other of cyp) features[other.name] = other === c ? 1 : 0;
      groups.push({ id: `CYP2C9 ${diplotype}, VKORC1 ${vk}`, label: `CYP2C9 ${diplotype} · VKORC1 ${vk}`, cyp2c9: diplotype, vkorc1: vk, features });
    });
  }
  return groups;
}

/** The group of an observation row, or -1 when not genotyped. */
export function groupOfRow(groups: readonly GenotypeGroup[], layout: readonly ObservationFeature[], row: ArrayLike<number>): number {
  if (groups.length === 1 && groups[0]!.id === 'all') return 0;
  const at = (name: string): number => row[layout.find((f) => f.name === name)!.index]!;
  if (at('cyp2c9Unknown') === 1 || at('vkorc1Unknown') === 1) return -1;
  return groups.findIndex((g) => Object.entries(g.features).every(([name, v]) => Math.round(at(name)) === v));
}

/** Median of column j of row-major states. */
function columnMedian(states: Float32Array, size: number, j: number): number {
  const col = Float64Array.from({ length: states.length / size }, (_, r) => states[r * size + j]!).sort();
  const m = col.length >> 1;
  return col.length % 2 ? col[m]! : (col[m - 1]! + col[m]!) / 2;
}

/** Reference values of the non-dynamic, non-genotype features (see the module doc). */
function referenceFeatures(layout: readonly ObservationFeature[], dynamic: ReadonlySet<string>, groups: readonly GenotypeGroup[], options: DosingTableOptions): DosingTable['reference'] {
  const genotype = new Set(groups.flatMap((g) => Object.keys(g.features)));
  const features: Record<string, number> = {};
  const states = options.referenceStates && options.referenceStates.length > 0 ? options.referenceStates : null;
  for (const f of layout) {
    if (dynamic.has(f.name) || genotype.has(f.name)) continue;
    features[f.name] = states ? columnMedian(states, layout.length, f.index) : (DEFAULT_REFERENCE[f.name] ?? 0);
  }
  Object.assign(features, options.reference ?? {});
  const source = states ? `medians over ${states.length / layout.length} evaluation states` : 'DEFAULT_REFERENCE (no evaluation states given)';
  return { features, source: options.reference ? `${source}, with overrides` : source };
}

/**
 * Build the dosing table of a policy (given as a batched dose function) on a layout.
 * @example buildDosingTable((obs) => portableDoses(policy, obs), layout, { referenceStates })
 */
export function buildDosingTable(dose: DoseFunction, layout: readonly ObservationFeature[], options: DosingTableOptions = {}): DosingTable {
  const doseNames = layout.filter((f) => /^dose\d+$/.test(f.name)).map((f) => f.name);
  if (doseNames.length === 0) throw new InputError('dosing table: the observation layout has no dose history (dose1 …)', 'observationLayout');
  const idx = indexOf(layout, ['day', 'lastInr', 'daysSinceInr', ...doseNames]);
  const groups = genotypeGroups(layout);
  const maxDose = options.maxDose ?? 15;
  const inrBands = bandsFromEdges(options.inrEdges ?? DEFAULT_INR_EDGES, '', 0.25, 0.5);
  const doseBands = bandsFromEdges(options.doseEdges ?? DEFAULT_DOSE_EDGES, 'mg', 0, 0, 0, maxDose);
  const reference = referenceFeatures(layout, new Set(Object.keys(idx)), groups, options);
  const size = layout.length;
  const rows = groups.length * inrBands.length * doseBands.length;
  const obs = new Float32Array(rows * size);
  let r = 0;
  for (const g of groups) {
    for (const inr of inrBands) {
      for (const current of doseBands) {
        const o = r * size;
        for (const f of layout) obs[o + f.index] = reference.features[f.name] ?? 0;
        for (const [name, v] of Object.entries(g.features)) obs[o + layout.find((f) => f.name === name)!.index] = v;
        obs[o + idx.day!] = options.referenceDay ?? 14;
        obs[o + idx.lastInr!] = inr.value;
        obs[o + idx.daysSinceInr!] = 0;
        for (const n of doseNames) obs[o + idx[n]!] = current.value;
        r++;
      }
    }
  }
  const doses = dose(obs);
  const cells: DosingTableCell[] = [];
  r = 0;
  for (const g of groups) {
    for (let i = 0; i < inrBands.length; i++) {
      for (let j = 0; j < doseBands.length; j++) {
        const d = doses[r++]!;
        cells.push({ group: g.id, inrBand: i, doseBand: j, recommendedDose: d, change: d - doseBands[j]!.value });
      }
    }
  }
  return { unit: 'mg', groups, inrBands, doseBands, reference, cells };
}

/** The table's dose for an observation row, or null when its patient is in no group. */
export function lookupDose(table: DosingTable, layout: readonly ObservationFeature[], row: ArrayLike<number>): number | null {
  const g = groupOfRow(table.groups, layout, row);
  if (g < 0) return null;
  const at = (name: string): number => row[layout.find((f) => f.name === name)!.index]!;
  const i = bandIndex(table.inrBands, at('lastInr'));
  const j = bandIndex(table.doseBands, at('dose1'));
  return table.cells[(g * table.inrBands.length + i) * table.doseBands.length + j]!.recommendedDose;
}

/** How often the table reproduces real decisions (states row-major, doses in mg). */
export function tableFidelity(table: DosingTable, layout: readonly ObservationFeature[], states: Float32Array, doses: ArrayLike<number>): TableFidelity {
  const size = layout.length;
  const dayIndex = layout.find((f) => f.name === 'day')!.index;
  const all = { n: 0, exact: 0, within05: 0 };
  const maint = { n: 0, exact: 0, within05: 0 };
  let uncovered = 0;
  for (let r = 0; r < doses.length; r++) {
    const row = states.subarray(r * size, (r + 1) * size);
    const t = lookupDose(table, layout, row);
    if (t === null) {
      uncovered++;
      continue;
    }
    const diff = Math.abs(t - doses[r]!);
    for (const acc of row[dayIndex]! >= MAINTENANCE_DAY ? [all, maint] : [all]) {
      acc.n++;
      if (diff < 1e-9) acc.exact++;
      if (diff <= 0.5 + 1e-9) acc.within05++;
    }
  }
  const frac = (a: { n: number; exact: number; within05: number }): { n: number; exact: number; within05: number } => ({
    n: a.n,
    exact: a.n ? a.exact / a.n : Number.NaN,
    within05: a.n ? a.within05 / a.n : Number.NaN,
  });
  return { ...frac(all), uncovered, maintenance: frac(maint) };
}

/** The table as CSV (one row per cell). */
export function dosingTableCsv(table: DosingTable): string {
  const lines = ['group,cyp2c9,vkorc1,inr_band,inr_low,inr_high,inr_used,current_dose_band,current_dose_low_mg,current_dose_high_mg,current_dose_used_mg,recommended_dose_mg,change_mg'];
  const groups = new Map(table.groups.map((g) => [g.id, g]));
  const q = (s: string): string => `"${s.replace(/"/g, '""')}"`;
  const n = (x: number | null): string => (x === null ? '' : String(x));
  for (const c of table.cells) {
    const g = groups.get(c.group)!;
    const inr = table.inrBands[c.inrBand]!;
    const d = table.doseBands[c.doseBand]!;
    lines.push([q(g.id), g.cyp2c9 ?? '', g.vkorc1 ?? '', q(inr.label), n(inr.low), n(inr.high), inr.value, q(d.label), n(d.low), n(d.high), d.value, c.recommendedDose, +c.change.toFixed(2)].join(','));
  }
  return `${lines.join('\n')}\n`;
}

function pct(x: number): string {
  return Number.isFinite(x) ? `${(100 * x).toFixed(1)} %` : 'n/a';
}

/** The table as Markdown: one section per group, INR bands × current-dose bands. */
export function dosingTableMarkdown(table: DosingTable, title = 'Dosing table'): string {
  const out = [`# ${title}`, ''];
  out.push('Recommended daily dose (mg) with the change from the current dose in brackets, by last INR (rows) and current daily dose (columns).');
  out.push(`Read off the policy at day 14 for an INR measured this morning and a stable current dose; other features: ${Object.entries(table.reference.features).map(([k, v]) => `${k} = ${+v.toFixed(2)}`).join(', ')} (${table.reference.source}).`);
  if (table.fidelity) {
    const f = table.fidelity;
    out.push('', `**Fidelity** to the policy's real decisions: ${pct(f.exact)} exact, ${pct(f.within05)} within ±0.5 mg (n = ${f.n}; maintenance, day ≥ 7: ${pct(f.maintenance.exact)} exact, ${pct(f.maintenance.within05)} within ±0.5 mg, n = ${f.maintenance.n}; ${f.uncovered} decisions of non-genotyped patients not covered).`);
  }
  out.push('', '**A decision aid derived from a simulation-trained policy; not validated for clinical use.**');
  table.groups.forEach((g, gi) => {
    out.push('', `## ${g.label}`, '', `| last INR \\ current dose | ${table.doseBands.map((b) => b.label).join(' | ')} |`, `|---|${table.doseBands.map(() => '---').join('|')}|`);
    table.inrBands.forEach((inr, i) => {
      const cells = table.doseBands.map((_, j) => {
        const c = table.cells[(gi * table.inrBands.length + i) * table.doseBands.length + j]!;
        const ch = +c.change.toFixed(2);
        return `${c.recommendedDose} (${ch > 0 ? '+' : ''}${ch})`;
      });
      out.push(`| ${inr.label} | ${cells.join(' | ')} |`);
    });
  });
  return `${out.join('\n')}\n`;
}
