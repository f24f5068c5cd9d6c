// How long a running execution still has to go, and what it will still cost, from how the same
// workflow's completed runs went. The estimate is conditional: of the past runs that lasted at
// least as long as this one has so far (and cost at least what it has), how much more did they
// take? A run that is already slow is not promised the median; one past every run before it says
// so instead of inventing a number. Pure, so the page recomputes it every second from the history
// it read once.

/** The completed runs a forecast is drawn from, each sorted ascending. */
export interface ForecastHistory {
  /** Wall-clock durations (start to completion), ms. */
  durations: number[]
  /** Final costs. */
  costs: number[]
  /** How far back the runs go, in days, and which runs they are (for the "from …" line). */
  days: number
  basis: 'workflow version' | 'service'
}

export interface Range {
  low: number
  likely: number
  high: number
}

export interface Forecast {
  /** Runs that lasted at least as long as this one so far (what the time estimate rests on). */
  runs: number
  remainingMs: Range | null
  /** Cost still to come (null when no past run cost as much as this one has). */
  remainingCost: Range | null
  /** This run has gone on longer than every completed run in the history. */
  beyondHistory: boolean
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

/** What is left of the values still at least `sofar`: their quartiles and median minus `sofar`. */
function remaining(sorted: readonly number[], sofar: number): Range | null {
  const still = sorted.slice(firstAtLeast(sorted, sofar))
  if (still.length < MIN_RUNS) return null
  const left = (q: number) => Math.max(0, quantile(still, q) - sofar)
  return { low: left(0.25), likely: left(0.5), high: left(0.75) }
}

export function forecast(history: ForecastHistory, now: { elapsedMs: number; cost: number }): Forecast {
  const { durations, costs } = history
  const beyondHistory = durations.length >= MIN_RUNS && now.elapsedMs > durations.at(-1)!
  return {
    runs: durations.length - firstAtLeast(durations, now.elapsedMs),
    remainingMs: durations.length >= MIN_RUNS ? remaining(durations, now.elapsedMs) : null,
    remainingCost: costs.length >= MIN_RUNS ? remaining(costs, now.cost) : null,
    beyondHistory,
  }
}
