// The forecast of a running execution: conditional on how long it has run and what it has cost,
// from the same workflow's completed runs; honest when the history is thin or the run is past it.
import { describe, expect, it } from 'vitest'
import { forecast, fractionDone, MIN_RUNS, quantile, rateWeight, type ForecastHistory } from '@/server/domain/forecast'
import { progressOf } from '@/server/domain/progress'
import { createForecasts } from '@/server/services/forecasts'
import { createExecutionService } from '@/server/services/executions'
import { createInProcessBus } from '@/server/events/bus'
import { openWriter } from '@/server/db/writer'
import { openReader } from '@/server/db/reader'
import { freshDatabase, operator } from './helpers'

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

  // The demo's batch workflow: its history (runs at another speed) took about 9 minutes; the run
  // on screen does 10 steps of 6 s each and ends after a minute. Conditioned on elapsed time only,
  // the estimate was ~9 min throughout.
  describe('with the fraction done', () => {
    const nineMinutes = history([500, 520, 530, 540, 545, 550, 560, 580].map((s) => s * 1000))
    const at = (steps: number) => forecast(nineMinutes, { elapsedMs: steps * 6_000 + 1_000, cost: 0, stepsCompleted: steps, stepsTotal: 10 })

    it('leans on history before a step is done, on the run’s own rate as steps finish', () => {
      const fresh = at(0)
      expect(fresh.basis).toBe('history')
      expect(fresh.remainingMs!.likely).toBeCloseTo(542_500 - 1_000) // the history's median minus the second it ran
      expect(rateWeight(1)).toBeCloseTo(1 / 2)
      expect(rateWeight(5)).toBeCloseTo(5 / 6)
      const one = at(1) // 7 s in, 10 % done: rate says 63 s, history (scaled by 90 % left) 488 s
      expect(one.basis).toBe('blend')
      expect(one.fraction).toBeCloseTo(0.1)
      expect(one.remainingMs!.likely).toBeGreaterThan(63_000)
      expect(one.remainingMs!.likely).toBeLessThan(180_000) // was 535 s (542.5 − 7)
      const half = at(5) // 31 s in, 50 % done: rate says 31 s
      expect(half.remainingMs!.likely).toBeGreaterThan(31_000)
      expect(half.remainingMs!.likely).toBeLessThan(50_000) // was 511 s
      const nine = at(9) // 55 s in, 90 % done: rate says 6.1 s
      expect(nine.remainingMs!.likely).toBeLessThan(20_000)
      // Each step narrows it: the estimate falls as the run goes on.
      const likely = [1, 3, 5, 7, 9].map((n) => at(n).remainingMs!.likely)
      expect([...likely].sort((a, b) => b - a)).toEqual(likely)
      // And it stays a range: low ≤ likely ≤ high.
      expect(half.remainingMs!.low).toBeLessThanOrEqual(half.remainingMs!.likely)
      expect(half.remainingMs!.high).toBeGreaterThanOrEqual(half.remainingMs!.likely)
    })

    it('gives an estimate from the rate alone with too little history, or past every run before it', () => {
      const thin = forecast(history([100_000, 200_000]), { elapsedMs: 20_000, cost: 0.5, stepsCompleted: 4, stepsTotal: 5 })
      expect(thin.basis).toBe('progress')
      expect(thin.remainingMs!.likely).toBeCloseTo(5_000) // 20 s for 4 of 5 steps: 5 s more
      expect(thin.remainingCost!.likely).toBeCloseTo(0.125)
      const past = forecast(history([1_000, 2_000, 3_000, 4_000, 5_000]), { elapsedMs: 10_000, cost: 0, stepsCompleted: 8, stepsTotal: 10 })
      expect(past.beyondHistory).toBe(true)
      expect(past.basis).toBe('progress')
      expect(past.remainingMs!.likely).toBeCloseTo(2_500)
      // Seed 002's ExecutionProgress carries it.
      const progress = progressOf({ status: 'running', progress: 80, stepsCompleted: 8, stepsTotal: 10, retries: 0, nextRunAt: null, stalledAt: null, running: [], forecast: past })
      expect(progress.estimatedTimeRemaining).toBe(2_500)
    })

    it('reads the fraction from the steps, else from reported progress (weighed as a tenth of a step a percent)', () => {
      expect(fractionDone({ elapsedMs: 0, cost: 0, stepsCompleted: 3, stepsTotal: 4, progress: 10 })).toEqual({ fraction: 0.75, evidence: 3 })
      expect(fractionDone({ elapsedMs: 0, cost: 0, stepsTotal: 0, progress: 40 })).toEqual({ fraction: 0.4, evidence: 4 })
      expect(fractionDone({ elapsedMs: 0, cost: 0, progress: 0 })).toBeNull()
    })

    // The walk: a rerun from step 9 of 10 (8 steps carried over) waiting on a person due in an
    // hour said "Forecast: 8.6 s to finish" — the carried steps read as 80 % done in seconds.
    it('does not count a rerun’s carried-over steps as its own pace', () => {
      expect(fractionDone({ elapsedMs: 0, cost: 0, stepsCompleted: 8, stepsTotal: 10, stepsCarried: 8 })).toEqual({ fraction: 0, evidence: 0 })
      expect(fractionDone({ elapsedMs: 0, cost: 0, stepsCompleted: 9, stepsTotal: 10, stepsCarried: 8 })).toEqual({ fraction: 0.5, evidence: 1 })
      const rerun = forecast(history([100_000, 200_000]), { elapsedMs: 2_000, cost: 0, stepsCompleted: 8, stepsTotal: 10, stepsCarried: 8 })
      expect(rerun.remainingMs).toBeNull() // no step of its own done and too little history: no seconds promised
      const counted = forecast(history([100_000, 200_000]), { elapsedMs: 2_000, cost: 0, stepsCompleted: 8, stepsTotal: 10 })
      expect(counted.remainingMs!.likely).toBeCloseTo(500) // what the carried steps made of it
    })

    it('gives no time estimate while a step waits on a person', () => {
      const f = forecast(nineMinutes, { elapsedMs: 55_000, cost: 0, stepsCompleted: 9, stepsTotal: 10, awaitingPerson: true })
      expect(f.awaitingPerson).toBe(true)
      expect(f.remainingMs).toBeNull()
      expect(
        progressOf({ status: 'running', progress: 90, stepsCompleted: 9, stepsTotal: 10, retries: 0, nextRunAt: null, stalledAt: null, running: [], forecast: f })
          .estimatedTimeRemaining,
      ).toBeUndefined()
    })
  })
})

describe('the history a forecast is drawn from', () => {
  it('is the workflow version’s runs, else the workflow’s (every version), never another workflow of the same service', async () => {
    const { file } = await freshDatabase()
    const w = openWriter(file)
    const executions = createExecutionService({ writer: w, bus: createInProcessBus() })
    const now = Date.now()
    for (const [id, key, version] of [
      ['digest@1', 'digest', 1],
      ['digest@2', 'digest', 2],
      ['digestive@1', 'digestive', 1],
      ['nightly@1', 'nightly', 1],
    ] as const)
      w.run(`INSERT INTO "WorkflowDefinition" ("id", "key", "version", "name", "serviceId", "definition", "createdAt") VALUES (?, ?, ?, ?, ?, '{}', ?)`, [
        id,
        key,
        version,
        key,
        'batch-processing-service',
        now,
      ])
    /** A completed run of `workflow` (null: none) that took `seconds`. */
    const ran = async (workflow: string | null, seconds: number) => {
      const e = await executions.create(operator, { service: 'batch-processing-service' })
      w.run(`UPDATE "Execution" SET "status" = 'completed', "workflowDefinitionId" = ?, "startedAt" = ?, "completedAt" = ? WHERE "id" = ?`, [
        workflow,
        now - 60_000,
        now - 60_000 + seconds * 1000,
        e.$id,
      ])
      return e.$id
    }
    for (let i = 0; i < MIN_RUNS; i++) {
      await ran('digest@1', 10) // the same workflow, an earlier version
      await ran('digestive@1', 300) // another workflow whose key begins the same
      await ran('nightly@1', 480) // another workflow of the same service
    }
    await ran('digest@2', 12) // too few of this version alone
    const running = await ran('digest@2', 1)
    w.run(`UPDATE "Execution" SET "status" = 'running', "completedAt" = NULL WHERE "id" = ?`, [running])
    const forecasts = createForecasts(openReader(file))
    const ofDigest = forecasts.historyOf(running)
    expect(ofDigest.basis).toBe('workflow')
    expect(ofDigest.durations).toHaveLength(MIN_RUNS + 1)
    expect(Math.max(...ofDigest.durations)).toBe(12_000) // none of digestive's or the nightly import's
    // An execution no workflow runs (reported over the API) is forecast from its service's runs.
    const reported = await ran(null, 1)
    w.run(`UPDATE "Execution" SET "status" = 'running', "completedAt" = NULL WHERE "id" = ?`, [reported])
    expect(forecasts.historyOf(reported).basis).toBe('service')
    w.close()
  })
})
