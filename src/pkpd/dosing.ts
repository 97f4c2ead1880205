/**
 * Dosing regimens: validation against a model, `ii/addl` expansion, and the sorted list of
 * discontinuities (bolus jumps, infusion start/stop rate changes) that the event-driven
 * integrator stops at.
 *
 * Conventions (NONMEM/mrgsolve-style records, see `DoseRecord` in ./types.ts):
 * - Compartment: the record's `cmt`, else the first dosing route of the record's drug
 *   (`drug` defaults to the model's first drug). A record with `cmt` but no `drug` uses the
 *   first route into that compartment, whatever its drug.
 * - Amount actually entering the state = amt × amountScale × F (route's `amountScale`,
 *   bioavailability F: a number or the value of a named parameter).
 * - Infusions (`rate` or `duration`): the duration is amt/rate (or `duration`) and F and
 *   amountScale scale the *rate*, never the duration. NONMEM instead keeps RATE and
 *   shortens the duration when F < 1 for rate-defined infusions; we keep the documented
 *   duration because that is what a prescription (e.g. "100 mg over 2 h") specifies.
 * - Lag: the route's lag (number or parameter name) shifts the dose (and infusion window)
 *   later in time.
 * - `ii`/`addl`: dose j = 0 … addl at time + j·ii (multiplied, not accumulated, so the
 *   expansion equals an explicit list written as time + j·ii exactly).
 * - Overlapping infusions into one state add up; a bolus during an infusion is allowed.
 */
import { InputError } from '../core/errors.js';
import { paramIndex, stateIndex, type DoseRecord, type DosingSpec, type ModelSpec } from './types.js';

/** Fields a dose record may have. */
const RECORD_FIELDS = ['time', 'amt', 'drug', 'cmt', 'rate', 'duration', 'ii', 'addl'] as const;

/** What happens at a dosing event. */
export type DoseEventKind = 'bolus' | 'infusionStart' | 'infusionStop';

/** One discontinuity of the dosing input, in the model's time unit. */
export interface DoseEvent {
  time: number;
  /** Index of the receiving state. */
  state: number;
  kind: DoseEventKind;
  /** Bolus: amount added to the state (after F, amountScale). Infusion: the rate (amount/time). */
  value: number;
  /** Index of the (expanded) dose this event comes from, for messages. */
  dose: number;
}

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** Names of the drugs a model can be dosed with, in order of first appearance. */
export function modelDrugs(spec: ModelSpec): string[] {
  return [...new Set(spec.dosing.map((d) => d.drug))];
}

/**
 * The dosing route a record goes into (see the module conventions).
 * @throws InputError naming `field.drug` / `field.cmt` for an unknown drug or compartment.
 */
export function resolveRoute(spec: ModelSpec, record: Pick<DoseRecord, 'drug' | 'cmt'>, field = 'dose'): DosingSpec {
  if (spec.dosing.length === 0) throw new InputError(`model ${spec.id} declares no dosing route, so ${field} cannot be given`, field);
  const drugs = modelDrugs(spec);
  if (record.drug !== undefined && !drugs.includes(record.drug)) {
    throw new InputError(`${field}.drug: unknown drug '${record.drug}' for model ${spec.id} (known: ${drugs.join(', ')})`, `${field}.drug`);
  }
  if (record.cmt === undefined) {
    const drug = record.drug ?? drugs[0]!;
    return spec.dosing.find((d) => d.drug === drug)!;
  }
  const candidates = record.drug === undefined ? spec.dosing : spec.dosing.filter((d) => d.drug === record.drug);
  const route = candidates.find((d) => d.cmt === record.cmt);
  if (!route) {
    const known = candidates.map((d) => d.cmt);
    const forDrug = record.drug === undefined ? '' : ` for drug '${record.drug}'`;
    throw new InputError(`${field}.cmt: '${record.cmt}' is not a dosing compartment of model ${spec.id}${forDrug} (known: ${known.join(', ')})`, `${field}.cmt`);
  }
  return route;
}

/**
 * Check a regimen (e.g. parsed JSON) against a model and return it typed.
 * Errors name the record and field, e.g. `regimen[2].amt must be a finite number ≥ 0, got -5`.
 * @example validateRegimen(pk1cmt, [{ time: 0, amt: 100, ii: 12, addl: 6 }])
 */
export function validateRegimen(spec: ModelSpec, regimen: unknown, field = 'regimen'): DoseRecord[] {
  if (!Array.isArray(regimen)) throw new InputError(`${field} must be an array of dose records like [{"time": 0, "amt": 100}], got ${describe(regimen)}`, field);
  return regimen.map((raw: unknown, i) => validateRecord(spec, raw, `${field}[${i}]`));
}

function validateRecord(spec: ModelSpec, raw: unknown, f: string): DoseRecord {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new InputError(`${f} must be an object like {"time": 0, "amt": 100}, got ${describe(raw)}`, f);
  }
  const r = raw as Record<string, unknown>;
  for (const key of Object.keys(r)) {
    if (!(RECORD_FIELDS as readonly string[]).includes(key)) {
      throw new InputError(`${f}.${key} is not a dose-record field (expected ${RECORD_FIELDS.join(', ')})`, `${f}.${key}`);
    }
  }
  const need = (key: string, ok: (v: number) => boolean, what: string): void => {
    const v = r[key];
    if (!isFiniteNumber(v) || !ok(v)) throw new InputError(`${f}.${key} must be ${what}, got ${describe(v)}`, `${f}.${key}`);
  };
  const optional = (key: string, ok: (v: number) => boolean, what: string): void => {
    if (r[key] !== undefined) need(key, ok, what);
  };
  need('time', (v) => v >= 0, 'a finite number ≥ 0');
  need('amt', (v) => v >= 0, 'a finite number ≥ 0');
  optional('rate', (v) => v > 0, 'a finite number > 0 (amount per time unit)');
  optional('duration', (v) => v > 0, 'a finite number > 0');
  optional('ii', (v) => v > 0, 'a finite number > 0 (dosing interval)');
  optional('addl', (v) => Number.isInteger(v) && v >= 0, 'an integer ≥ 0 (number of additional doses)');
  for (const key of ['drug', 'cmt'] as const) {
    if (r[key] !== undefined && typeof r[key] !== 'string') throw new InputError(`${f}.${key} must be a string, got ${describe(r[key])}`, `${f}.${key}`);
  }
  if (r.rate !== undefined && r.duration !== undefined) {
    throw new InputError(`${f}: give either rate or duration for an infusion, not both`, `${f}.duration`);
  }
  if (r.ii !== undefined && r.addl === undefined) throw new InputError(`${f}.ii given without addl (the number of additional doses)`, `${f}.addl`);
  if (r.addl !== undefined && r.ii === undefined) throw new InputError(`${f}.addl given without ii (the dosing interval)`, `${f}.ii`);
  const record: DoseRecord = { time: r.time as number, amt: r.amt as number };
  for (const key of ['drug', 'cmt'] as const) if (r[key] !== undefined) record[key] = r[key] as string;
  for (const key of ['rate', 'duration', 'ii', 'addl'] as const) if (r[key] !== undefined) record[key] = r[key] as number;
  resolveRoute(spec, record, f);
  return record;
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'string') return `'${v}'`;
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return v === null ? 'null' : 'an object';
  return String(v);
}

/**
 * Replace every record with `ii`/`addl` by its explicit doses (time + j·ii, j = 0 … addl),
 * sorted by time (stable: records at equal times keep their order).
 * @example expandRegimen([{ time: 0, amt: 100, ii: 12, addl: 2 }]) // doses at 0, 12, 24
 */
export function expandRegimen(regimen: readonly DoseRecord[]): DoseRecord[] {
  const out: DoseRecord[] = [];
  for (const r of regimen) {
    const { ii, addl, ...rest } = r;
    const n = addl ?? 0;
    for (let j = 0; j <= n; j++) out.push({ ...rest, time: j === 0 ? r.time : r.time + j * ii! });
  }
  return out.sort((a, b) => a.time - b.time);
}

/** Value of a route attribute that is a number or the name of a parameter. */
function routeValue(spec: ModelSpec, p: Float64Array, v: number | string | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  return typeof v === 'number' ? v : p[paramIndex(spec, v)]!;
}

/**
 * The sorted dosing events of a (validated) regimen for individual parameters `p`:
 * bolus jumps and infusion start/stop rate changes, F, amountScale and lag applied.
 * Events at equal times keep regimen order; all of them are applied before integrating on.
 * @throws InputError when a bioavailability or lag (e.g. from an overridden parameter) is
 *   not a finite number ≥ 0.
 */
export function buildDoseEvents(spec: ModelSpec, regimen: readonly DoseRecord[], p: Float64Array): DoseEvent[] {
  const events: DoseEvent[] = [];
  const doses = expandRegimen(regimen);
  for (let i = 0; i < doses.length; i++) {
    const d = doses[i]!;
    const route = resolveRoute(spec, d, `dose ${i}`);
    const state = stateIndex(spec, route.cmt);
    const f = routeValue(spec, p, route.bioavailability, 1);
    const lag = routeValue(spec, p, route.lag, 0);
    if (!(f >= 0) || !Number.isFinite(f)) {
      throw new InputError(`bioavailability of ${route.drug} into ${route.cmt} must be a finite number ≥ 0, got ${f}`, typeof route.bioavailability === 'string' ? route.bioavailability : 'bioavailability');
    }
    if (!(lag >= 0) || !Number.isFinite(lag)) {
      throw new InputError(`lag time of ${route.drug} into ${route.cmt} must be a finite number ≥ 0, got ${lag}`, typeof route.lag === 'string' ? route.lag : 'lag');
    }
    const scale = (route.amountScale ?? 1) * f;
    const start = d.time + lag;
    if (d.rate === undefined && d.duration === undefined) {
      events.push({ time: start, state, kind: 'bolus', value: d.amt * scale, dose: i });
      continue;
    }
    if (d.amt === 0) continue; // a zero-amount infusion has zero duration: nothing happens
    const duration = d.duration ?? d.amt / d.rate!;
    const rate = d.rate ?? d.amt / d.duration!;
    events.push({ time: start, state, kind: 'infusionStart', value: rate * scale, dose: i });
    events.push({ time: start + duration, state, kind: 'infusionStop', value: rate * scale, dose: i });
  }
  return events.sort((a, b) => a.time - b.time);
}

/** Throw NotFoundError for routes that name unknown states/parameters (a model-file bug). */
export function checkDosingSpec(spec: ModelSpec): void {
  for (const d of spec.dosing) {
    stateIndex(spec, d.cmt);
    if (typeof d.bioavailability === 'string') paramIndex(spec, d.bioavailability);
    if (typeof d.lag === 'string') paramIndex(spec, d.lag);
  }
}

/**
 * Current zero-order input per state while walking through the events. Overlapping
 * infusions add up; when the last infusion into a state stops, its rate is set to exactly
 * 0 (not the rounding residue of +R − R), so later segments see no phantom input.
 */
export class InfusionRates {
  /** Amount per time unit into each state. May be a view into a larger (batched) array. */
  readonly rates: Float64Array;
  private readonly active: Int32Array;
  /** True while any infusion runs: lets the rhs skip adding rates. */
  anyActive = false;
  private activeTotal = 0;

  constructor(stateCount: number, rates: Float64Array = new Float64Array(stateCount)) {
    this.rates = rates;
    this.active = new Int32Array(stateCount);
  }

  /** Stop everything (for a restart from t = 0). */
  clear(): void {
    this.rates.fill(0);
    this.active.fill(0);
    this.activeTotal = 0;
    this.anyActive = false;
  }

  /** Apply one event: a bolus adds to `x`, an infusion start/stop changes the rates. */
  apply(event: DoseEvent, x: Float64Array): void {
    const s = event.state;
    if (event.kind === 'bolus') {
      x[s] = x[s]! + event.value;
      return;
    }
    if (event.kind === 'infusionStart') {
      this.active[s] = this.active[s]! + 1;
      this.activeTotal++;
      this.rates[s] = this.rates[s]! + event.value;
    } else {
      this.active[s] = this.active[s]! - 1;
      this.activeTotal--;
      this.rates[s] = this.active[s] === 0 ? 0 : this.rates[s]! - event.value;
    }
    this.anyActive = this.activeTotal > 0;
  }

  /** dxdt += rates (only while an infusion runs). */
  addTo(dxdt: Float64Array): void {
    if (!this.anyActive) return;
    const r = this.rates;
    for (let i = 0; i < r.length; i++) dxdt[i] = dxdt[i]! + r[i]!;
  }
}
