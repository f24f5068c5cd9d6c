// Axis ticks an operator reads at a glance: 0, 5%, 10%, 15% rather than 0, 3%, 6%, 9%, 12%; whole
// minutes on a duration axis rather than 50 s, 1m 40s, 2m 30s. Recharts' own ticks step by what
// divides the data's range evenly (0.015 printed as "$0.02" on a cost axis).

/** Steps of 1, 2 and 5 times a power of ten. */
const decimalSteps = (rough: number) => {
  const power = 10 ** Math.floor(Math.log10(rough))
  return [1, 2, 5, 10].map((m) => m * power)
}

const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE
/** Durations in milliseconds: below a second by tens, then seconds, minutes and hours people count in. */
const DURATION_STEPS = [
  ...[1, 2, 5, 10, 20, 50, 100, 200, 500],
  ...[1, 2, 5, 10, 15, 30].map((s) => s * SECOND),
  ...[1, 2, 5, 10, 15, 30].map((m) => m * MINUTE),
  ...[1, 2, 3, 6, 12, 24, 48].map((h) => h * HOUR),
]

/** How an axis steps: by round numbers, by whole numbers (counts), or by seconds, minutes and hours. */
export type TickKind = 'decimal' | 'count' | 'duration'

/** Ticks from 0 to at least `max`, about `count` of them, a round step apart. */
export function niceTicks(max: number, count = 5, kind: TickKind = 'decimal'): number[] {
  if (!Number.isFinite(max) || max <= 0) return [0, 1]
  const rough = kind === 'count' ? Math.max(1, max / (count - 1)) : max / (count - 1)
  const candidates = kind === 'duration' && rough <= DURATION_STEPS.at(-1)! ? DURATION_STEPS : decimalSteps(rough)
  const step = candidates.find((s) => s >= rough) ?? candidates.at(-1)!
  const ticks = [0]
  // Multiply rather than add, so 0.1 + 0.2 never makes a tick of 0.30000000000000004.
  for (let i = 1; ticks.at(-1)! < max; i++) ticks.push(Number((i * step).toPrecision(12)))
  return ticks
}

/** The largest of `key` over `rows` (nulls ignored), 0 when there is none. */
export const maxOf = <T>(rows: T[], key: (row: T) => number | null | undefined) => rows.reduce((m, r) => Math.max(m, key(r) ?? 0), 0)

/** Decimals that print every tick exactly once it is multiplied by `scale` (100 for a percentage): 0.05 → 0, 0.001 → 1. */
export function tickDecimals(ticks: number[], scale = 1): number {
  const step = ticks.length > 1 ? (ticks[1]! - ticks[0]!) * scale : 1
  return Math.max(0, Math.ceil(-Math.log10(step) - 1e-9))
}

const DURATION_UNITS = [
  { unit: 'ms', ms: 1 },
  { unit: 's', ms: SECOND },
  { unit: 'min', ms: MINUTE },
  { unit: 'h', ms: HOUR },
] as const

/**
 * One unit for a whole duration axis, from its step: "0 min, 1 min, 2 min" — not "0 ms" beside
 * "4m 0s". Ticks from niceTicks(…, 'duration') are whole numbers of the unit; others get a decimal.
 */
export function durationTickFormat(ticks: number[]): (ms: number) => string {
  const step = ticks.length > 1 ? ticks[1]! - ticks[0]! : (ticks[0] ?? 0)
  const { unit, ms } = [...DURATION_UNITS].reverse().find((u) => step >= u.ms) ?? DURATION_UNITS[0]
  return (value) => `${Number((value / ms).toFixed(value % ms === 0 ? 0 : 1))} ${unit}`
}
