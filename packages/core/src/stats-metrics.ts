/**
 * A campaign's metrics (primary, secondary, guardrails), every variant against control, from the
 * event store's sums (stats-metric-types.ts): relative lifts by the delta method, CUPED when a
 * covariate was sent, fixed-horizon and always-valid (mSPRT) intervals, a Holm or
 * Benjamini–Hochberg correction across arms × metrics, and the verdict.
 */
import { cupedFit, cupedMean } from './stats-cuped.ts';
import { type MeanEstimate, meanOf, ratioOf, relativeLift } from './stats-delta.ts';
import type {
  AnalysisOptions,
  ArmMetricSums,
  ArmVerdict,
  ComparisonOutcome,
  CupedEstimate,
  LiftEstimate,
  MetricComparison,
  MetricDefinition,
  MetricDirection,
  MetricKind,
  MetricResult,
  MetricSums,
  MetricsAnalysis,
  VerdictOutcome,
} from './stats-metric-types.ts';
import { adjustP } from './stats-multiple.ts';
import { DEFAULT_TUNING_VISITORS, alwaysValidInterval, mixingTau } from './stats-sequential.ts';
import { normalQuantile, normalTwoSided } from './stats-special.ts';
import { percent } from './stats-verdict.ts';

const CONTROL_ARM = 'control';

const LOWER_IS_BETTER: ReadonlySet<MetricKind> = new Set(['lcp', 'cls', 'inp']);

export function directionOf(kind: MetricKind): MetricDirection {
  return LOWER_IS_BETTER.has(kind) ? 'lower' : 'higher';
}

const isRatio = (kind: MetricKind) => kind === 'aov';

/** The metric's value from sums too small for an estimate (one visitor, no orders): 0 when undefined. */
function pointValue(kind: MetricKind, s: MetricSums): number {
  const denominator = isRatio(kind) ? (s.sumD ?? 0) : s.n;
  return denominator > 0 ? s.sumY / denominator : 0;
}

const emptySums: MetricSums = { n: 0, sumY: 0, sumY2: 0, sumX: 0, sumX2: 0, sumXY: 0 };

/** How the mixture is tuned: a fixed τ, or τ from the tuning sample size and the comparison's visitors. */
export interface SequentialTuning {
  tau: number | null;
  tuningVisitors: number;
}

/** Both intervals of a lift with variance `variance` from `visitors` in both arms; null when it has none (no spread, or not finite). */
export function liftEstimate(rel: number, variance: number, visitors: number, confidence: number, tuning: SequentialTuning): LiftEstimate | null {
  if (!(variance > 0) || !Number.isFinite(rel) || !Number.isFinite(variance)) return null;
  const se = Math.sqrt(variance);
  const alpha = 1 - confidence;
  const tau = tuning.tau ?? mixingTau(variance, visitors, alpha, tuning.tuningVisitors);
  const z = normalQuantile(1 - alpha / 2);
  return {
    rel,
    se,
    fixed: { lo: rel - z * se, hi: rel + z * se, p: normalTwoSided(rel / se) },
    sequential: alwaysValidInterval(rel, variance, tau, alpha),
  };
}

interface Draft {
  comparison: Omit<MetricComparison, 'adjustedP' | 'outcome'>;
  p: number | null;
}

/** Options out of range are a caller's mistake, said plainly (a RangeError naming the option), never NaN intervals. */
function checkOptions(o: AnalysisOptions): void {
  if (o.confidence !== undefined && !(o.confidence >= 0.5 && o.confidence < 1)) throw new RangeError(`confidence must be at least 0.5 and below 1 (got ${o.confidence})`);
  if (o.tuningVisitors !== undefined && !(o.tuningVisitors > 0 && Number.isFinite(o.tuningVisitors)))
    throw new RangeError(`tuningVisitors must be a positive number (got ${o.tuningVisitors})`);
  if (o.tau !== undefined && !(o.tau > 0 && Number.isFinite(o.tau))) throw new RangeError(`tau must be a positive number (got ${o.tau})`);
  if (o.view !== undefined && o.view !== 'sequential' && o.view !== 'fixed') throw new RangeError(`view must be "sequential" or "fixed" (got ${String(o.view)})`);
  if (o.correction !== undefined && !['holm', 'bh', 'none'].includes(o.correction)) throw new RangeError(`correction must be "holm", "bh" or "none" (got ${String(o.correction)})`);
}

export function analyzeMetrics(metrics: readonly MetricDefinition[], arms: readonly ArmMetricSums[], options: AnalysisOptions = {}): MetricsAnalysis {
  checkOptions(options);
  const confidence = options.confidence ?? 0.95;
  const tuning: SequentialTuning = { tau: options.tau ?? null, tuningVisitors: options.tuningVisitors ?? DEFAULT_TUNING_VISITORS };
  const correction = options.correction ?? 'holm';
  const view = options.view ?? 'sequential';
  const controlId = options.control ?? CONTROL_ARM;
  const control = arms.find((a) => a.arm === controlId);
  const variants = arms.filter((a) => a.arm !== controlId);
  const sumsOf = (a: ArmMetricSums | undefined, metric: string) => a?.metrics[metric] ?? emptySums;

  const drafts: Draft[] = [];
  const byMetric = metrics.map((m) => {
    const direction = directionOf(m.kind);
    const controlSums = sumsOf(control, m.id);
    const estimateOf = (s: MetricSums): MeanEstimate | null => (isRatio(m.kind) ? ratioOf(s) : s.n >= 2 ? meanOf(s) : null);
    const fit = isRatio(m.kind) ? null : cupedFit([controlSums, ...variants.map((v) => sumsOf(v, m.id))]);
    const controlRaw = estimateOf(controlSums);
    const start = drafts.length;
    for (const v of variants) {
      const s = sumsOf(v, m.id);
      const variantRaw = estimateOf(s);
      const rawLift = controlRaw && variantRaw ? relativeLift(controlRaw, variantRaw) : null;
      const unadjusted = rawLift && liftEstimate(rawLift.rel, rawLift.variance, s.n + controlSums.n, confidence, tuning);
      let cuped: CupedEstimate | null = null;
      if (fit && unadjusted && s.n >= 2 && controlSums.n >= 2) {
        const lift = relativeLift(cupedMean(controlSums, fit), cupedMean(s, fit));
        const estimate = lift && liftEstimate(lift.rel, lift.variance, s.n + controlSums.n, confidence, tuning);
        if (estimate) {
          const ratio = estimate.se / unadjusted.se;
          cuped = { ...estimate, theta: fit.theta, varianceReduction: 1 - ratio ** 2, narrowing: 1 - ratio };
        }
      }
      const best = cuped ?? unadjusted;
      drafts.push({
        comparison: {
          metric: m.id,
          arm: v.arm,
          role: m.role,
          direction,
          controlMean: controlRaw?.mean ?? pointValue(m.kind, controlSums),
          variantMean: variantRaw?.mean ?? pointValue(m.kind, s),
          controlN: controlSums.n,
          variantN: s.n,
          unadjusted,
          cuped,
          best,
        },
        p: best ? best[view].p : null,
      });
    }
    return { m, direction, range: [start, drafts.length] as const };
  });

  // The family: every comparison that has a p-value; the others cannot be called either way.
  const tested = drafts.filter((d) => d.p !== null);
  const adjusted = adjustP(
    tested.map((d) => d.p as number),
    correction,
  );
  const adjustedOf = new Map(tested.map((d, i) => [d, adjusted[i] ?? 1]));
  const alpha = 1 - confidence;
  const finished: MetricComparison[] = drafts.map((d) => {
    const adjustedP = adjustedOf.get(d) ?? 1;
    const rel = d.comparison.best?.rel ?? 0;
    const up = d.comparison.direction === 'higher' ? rel > 0 : rel < 0;
    const outcome: ComparisonOutcome = adjustedP < alpha && rel !== 0 ? (up ? 'better' : 'worse') : 'inconclusive';
    return { ...d.comparison, adjustedP, outcome };
  });

  const results: MetricResult[] = byMetric.map(({ m, direction, range }) => ({
    id: m.id,
    name: m.name ?? m.id,
    role: m.role,
    kind: m.kind,
    direction,
    comparisons: finished.slice(range[0], range[1]),
  }));

  const primary = results.find((r) => r.role === 'primary') ?? results[0];
  const guardrailWorse = finished.filter((c) => c.role === 'guardrail' && c.outcome === 'worse').map((c) => ({ metric: c.metric, arm: c.arm }));
  const armVerdicts: ArmVerdict[] = variants.map((v) => {
    const worse = guardrailWorse.filter((g) => g.arm === v.arm).map((g) => g.metric);
    const onPrimary = primary?.comparisons.find((c) => c.arm === v.arm)?.outcome ?? 'inconclusive';
    const outcome: VerdictOutcome = onPrimary === 'worse' || worse.length > 0 ? 'lose' : onPrimary === 'better' ? 'win' : 'inconclusive';
    return { arm: v.arm, outcome, guardrailsWorse: worse };
  });
  const winners = armVerdicts.filter((a) => a.outcome === 'win');
  const liftOn = (arm: string) => primary?.comparisons.find((c) => c.arm === arm)?.best?.rel ?? 0;
  const winner = winners.sort((a, b) => liftOn(b.arm) - liftOn(a.arm))[0]?.arm ?? null;
  const outcome: VerdictOutcome = winner ? 'win' : armVerdicts.length > 0 && armVerdicts.every((a) => a.outcome === 'lose') ? 'lose' : 'inconclusive';

  const analysis: MetricsAnalysis = {
    view,
    confidence,
    tau: tuning.tau,
    tuningVisitors: tuning.tuningVisitors,
    correction,
    comparisons: tested.length,
    metrics: results,
    arms: armVerdicts,
    outcome,
    winner,
    guardrailWorse,
    summary: '',
  };
  const armNames = new Map(arms.map((a) => [a.arm, a.name ?? a.arm]));
  analysis.summary = summarize(analysis, primary, (id) => armNames.get(id) ?? id);
  return analysis;
}

const CORRECTION_TEXT = { holm: 'Holm', bh: 'Benjamini–Hochberg', none: 'no' } as const;

/** One sentence a marketer reads: the call, its interval, and what kind of interval it is. */
function summarize(a: MetricsAnalysis, primary: MetricResult | undefined, armName: (id: string) => string): string {
  const level = `${Math.round(a.confidence * 100)}%`;
  const kind = a.view === 'sequential' ? `always-valid ${level} interval, safe to check daily` : `fixed-horizon ${level} interval, valid only at the planned sample size`;
  const family = a.comparisons > 1 ? `; ${CORRECTION_TEXT[a.correction]} correction for ${a.comparisons} comparisons` : '';
  const guard = a.guardrailWorse.length > 0 ? ` Guardrail worse with confidence: ${a.guardrailWorse.map((g) => `${nameOf(a, g.metric)} (${armName(g.arm)})`).join(', ')}.` : '';
  if (!primary) return `No metrics to compare.${guard}`;
  const describe = (arm: string, verb: string) => {
    const c = primary.comparisons.find((x) => x.arm === arm);
    const e = c?.best;
    if (!e) return `${armName(arm)} ${verb} control on ${primary.name}`;
    const i = e[a.view];
    return `${armName(arm)} ${verb} control on ${primary.name} by ${percent(e.rel)} (${kind}: ${percent(i.lo)} to ${percent(i.hi)}${family})`;
  };
  if (a.winner) return `${describe(a.winner, 'beats')}.${guard}`;
  const loser = primary.comparisons.find((c) => c.outcome === 'worse');
  if (loser) return `${describe(loser.arm, 'is worse than')}.${guard}`;
  return `No difference on ${primary.name} yet (${kind}${family}).${guard}`;
}

const nameOf = (a: MetricsAnalysis, id: string) => a.metrics.find((m) => m.id === id)?.name ?? id;
