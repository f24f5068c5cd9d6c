// How long a running execution still has to go, and what it will still cost, from two witnesses:
// how far it is (the fraction of its steps done, and the rate it has gone at so far) and how the
// same workflow's completed runs went. The history's part is conditional: of the past runs that
// lasted at least as long as this one has so far (and cost at least what it has), how much more
// did they take — scaled down by the fraction already done. The run's own rate weighs more with
// each step it finishes (k steps: k / (k + 1), half after the first), so a fresh run leans on
// history and a half-done one on itself. Measured on the demo's batch workflow (its history of
// ~10-minute runs, a live run of ~12 s at demo speed): elapsed time alone said ~9 min throughout;
// blended, 160 s after 1 of 10 steps, 21 s at 5, 5.6 s at 8 (with k / (k + 2); less with k + 1).
// A run past every run before it is said so; with a fraction done it still gets an estimate from
// its own rate. Pure, so the page recomputes it every second from the history it read once.

/** The completed runs a forecast is drawn from, each sorted ascending. */
export interface ForecastHistory {
  /** Wall-clock durations (start to completion), ms. */
  durations: number[]
  /** Final costs. */
  costs: number[]
  /** How far back the runs go, in days, and which runs they are (for the "from …" line). */
  days: number
  basis: 'workflow version' | 'workflow' | 'service'
}

export interface Range {
  low: number
  likely: number
  high: number
}

export interface Forecast {
  /** Runs that lasted at least as long as this one so far (what the history's part rests on). */
  runs: number
  remainingMs: Range | null
  /** Cost still to come (null when neither witness can say). */
  remainingCost: Range | null
  /** This run has gone on longer than every completed run in the history. */
  beyondHistory: boolean
  /** What the time estimate rests on: the history, the run's own rate, or both blended. */
  basis: 'history' | 'progress' | 'blend' | null
  /** The fraction done it used (0–1), or null when the run reports none. */
  fraction: number | null
  /** It waits on a person: no time estimate is given, the time to finish is theirs. */
  awaitingPerson: boolean
}

/** Where a run is now: elapsed time and cost, and how far it is (its steps, or its progress 0–100). */
export interface ForecastNow {
  elapsedMs: number
  cost: number
  stepsCompleted?: number
  stepsTotal?: number
  /** Steps a rerun carried over from its source (counted in stepsCompleted): done, but not by this run. */
  stepsCarried?: number
  progress?: number
  /** A step waits on a person: how long they take is not a pace the run's steps or history can tell. */
  awaitingPerson?: boolean
}

/** Fewer runs than this and the page says there is not enough history. */
export const MIN_RUNS = 5

/** The q-quantile (0–1) of ascending values, linearly interpolated. */
export function quantile(sorted: readonly number[], q: number): number {
  if (!sorted.length) return NaN
  const at = (sorted.length - 1) * Math.min(1, Math.max(0, q))
  const below = Math.floor(at)
  const above = Math.min(sorted.length - 1, below + 1)
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (at - below)
}

/** Index of the first value ≥ x in ascending values. */
function firstAtLeast(sorted: readonly number[], x: number): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (sorted[mid]! < x) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** How far a run is, and how much evidence that is (steps finished; progress alone counts as a tenth a step per percent). */
export function fractionDone(now: ForecastNow): { fraction: number; evidence: number } | null {
  if (now.stepsTotal && now.stepsTotal > 0 && now.stepsCompleted !== undefined) {
    // Carried-over steps took none of this run's time: its pace is its own steps over its own share
    // (a rerun from step 9 of 10 that waited on step 9 said "8.6 s to finish" from 8 carried steps).
    const carried = Math.min(now.stepsCarried ?? 0, now.stepsTotal)
    const total = now.stepsTotal - carried
    if (total <= 0) return null
    const done = Math.max(0, Math.min(now.stepsCompleted, now.stepsTotal) - carried)
    return { fraction: done / total, evidence: done }
  }
  if (now.progress !== undefined && now.progress > 0) {
    const fraction = Math.min(100, now.progress) / 100
    return { fraction, evidence: fraction * 10 }
  }
  return null
}

/** The rate's weight against the history after `evidence` steps. */
export const rateWeight = (evidence: number) => evidence / (evidence + 1)

/** What is left at the run's own rate: spent × (1 − f) / f, with a spread that narrows as steps finish. */
function atRate(spent: number, fraction: number, evidence: number): Range | null {
  if (fraction <= 0 || fraction >= 1 || spent <= 0) return null
  const likely = (spent * (1 - fraction)) / fraction
  const spread = 1 + 1 / Math.sqrt(evidence + 1)
  return { low: likely / spread, likely, high: likely * spread }
}

/** The history's part, scaled by the fraction done: the runs' total times (1 − f), and never more than they had left. */
function fromHistory(sorted: readonly number[], sofar: number, fraction: number | null): Range | null {
  const still = sorted.slice(firstAtLeast(sorted, sofar))
  if (still.length < MIN_RUNS) return null
  const left = (q: number) => {
    const total = quantile(still, q)
    return Math.max(0, fraction === null ? total - sofar : Math.min(total - sofar, total * (1 - fraction)))
  }
  return { low: left(0.25), likely: left(0.5), high: left(0.75) }
}

/** Two estimates blended geometrically (they can differ tenfold: an arithmetic mean keeps the larger). */
function blend(rate: Range, history: Range, w: number): Range {
  const mix = (a: number, b: number) => (a <= 0 || b <= 0 ? w * a + (1 - w) * b : Math.exp(w * Math.log(a) + (1 - w) * Math.log(b)))
  return { low: mix(rate.low, history.low), likely: mix(rate.likely, history.likely), high: mix(rate.high, history.high) }
}

function combine(rate: Range | null, history: Range | null, w: number): { range: Range | null; basis: Forecast['basis'] } {
  if (rate && history) return w > 0 ? { range: blend(rate, history, w), basis: 'blend' } : { range: history, basis: 'history' }
  if (history) return { range: history, basis: 'history' }
  if (rate) return { range: rate, basis: 'progress' }
  return { range: null, basis: null }
}

export function forecast(history: ForecastHistory, now: ForecastNow): Forecast {
  const { durations, costs } = history
  if (now.awaitingPerson) {
    return {
      runs: durations.length - firstAtLeast(durations, now.elapsedMs),
      remainingMs: null,
      remainingCost: null,
      beyondHistory: false,
      basis: null,
      fraction: null,
      awaitingPerson: true,
    }
  }
  const beyondHistory = durations.length >= MIN_RUNS && now.elapsedMs > durations.at(-1)!
  const done = fractionDone(now)
  const fraction = done?.fraction ?? null
  const w = done ? rateWeight(done.evidence) : 0
  // Past every run before it, the history has nothing to say about this run: its own rate alone.
  const time = combine(
    done ? atRate(now.elapsedMs, done.fraction, done.evidence) : null,
    durations.length >= MIN_RUNS && !beyondHistory ? fromHistory(durations, now.elapsedMs, fraction) : null,
    w,
  )
  const cost = combine(done ? atRate(now.cost, done.fraction, done.evidence) : null, costs.length >= MIN_RUNS ? fromHistory(costs, now.cost, fraction) : null, w)
  return {
    runs: durations.length - firstAtLeast(durations, now.elapsedMs),
    remainingMs: time.range,
    remainingCost: cost.range,
    beyondHistory,
    basis: time.basis,
    fraction,
    awaitingPerson: false,
  }
}
