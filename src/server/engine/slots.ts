// The engine's slots (ENGINE_CONCURRENCY): a run holds one while it runs handlers or decides. A run
// that only waits on workers' tasks holds none — its steps run in other processes, bounded by
// their own concurrency, as a queue's jobs wait for a queue's workers — so executions whose work
// is all remote are not kept queued behind it. Runs kept in memory are bounded all the same.
import type { Run } from './runner'

/** Runs kept in memory at most, for each slot (those waiting on workers included). */
const RUNS_PER_SLOT = 64

export type Slots = ReturnType<typeof createSlots>

export function createSlots(concurrency: number, active: ReadonlyMap<string, Run>) {
  let waitingOnWorkers = 0
  const maxRuns = concurrency * RUNS_PER_SLOT
  return {
    /** Slots free, beyond `reserved` (starts under way), within the runs kept in memory. */
    free: (reserved = 0) => Math.min(concurrency - (active.size - waitingOnWorkers) - reserved, maxRuns - active.size - reserved),
    /** The run waits only on workers (true) or holds its slot again (false); true when that freed a slot. */
    waitOnWorkers(run: Run, waiting: boolean): boolean {
      if (!!run.waitsOnWorkers === waiting) return false
      run.waitsOnWorkers = waiting
      waitingOnWorkers += waiting ? 1 : -1
      return waiting
    },
  }
}
