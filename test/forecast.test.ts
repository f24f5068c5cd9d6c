// The forecast of a running execution: conditional on how long it has run and what it has cost,
// from the same workflow's completed runs; honest when the history is thin or the run is past it.
import { describe, expect, it } from 'vitest'
import { forecast, MIN_RUNS, quantile, type ForecastHistory } from '@/server/domain/forecast'

const history = (durations: number[], costs: number[] = durations.map(() => 1)): ForecastHistory => ({
  durations: [...durations].sort((a, b) => a - b),
  costs: [...costs].sort((a, b) => a - b),
  days: 30,
  basis: 'service',
})

describe('forecast', () => {
  it('interpolates quantiles', () => {
    expect(quantile([10, 20, 30, 40], 0.5)).toBe(25)
    expect(quantile([10, 20, 30, 40], 0)).toBe(10)
    expect(quantile([10, 20, 30, 40], 1)).toBe(40)
  })

  it('at the start, the time left is the history’s quartiles and median', () => {
    const f = forecast(history([100, 200, 300, 400, 500, 600, 700, 800, 900]), { elapsedMs: 0, cost: 0 })
    expect(f.remainingMs).toEqual({ low: 300, likely: 500, high: 700 })
    expect(f.runs).toBe(9)
    expect(f.beyondHistory).toBe(false)
  })

  it('a run that is already slow is forecast from the runs at least as slow, not promised the median', () => {
    const h = history([100, 110, 120, 130, 140, 1000, 1100, 1200, 1300, 1400])
    const early = forecast(h, { elapsedMs: 50, cost: 0 })
    const late = forecast(h, { elapsedMs: 900, cost: 0 })
    expect(late.runs).toBe(5)
    expect(late.remainingMs!.likely).toBe(1200 - 900)
    // Having run 900 ms, it has more left than a fresh run's median suggests minus what it ran.
    expect(late.remainingMs!.likely).toBeGreaterThan(Math.max(0, early.remainingMs!.likely + 50 - 900))
  })

  it('says when the history is too thin, and when the run has outlasted every run before it', () => {
    expect(forecast(history([100, 200]), { elapsedMs: 0, cost: 0 }).remainingMs).toBeNull()
    const past = forecast(history(Array.from({ length: MIN_RUNS }, (_, i) => 100 * (i + 1))), { elapsedMs: 10_000, cost: 0 })
    expect(past.beyondHistory).toBe(true)
    expect(past.remainingMs).toBeNull()
  })

  it('forecasts the cost still to come from what the run has spent', () => {
    const f = forecast(history([1, 2, 3, 4, 5, 6], [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]), { elapsedMs: 0, cost: 0.2 })
    expect(f.remainingCost!.likely).toBeCloseTo(0.4 - 0.2)
    expect(forecast(history([1, 2, 3, 4, 5, 6], [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]), { elapsedMs: 0, cost: 5 }).remainingCost).toBeNull()
  })
})
