// Time for the engine and the other poll loops: real by default, a fake one in tests so retries,
// timeouts and checkpoints run deterministically.

export interface Clock {
  now(): number
  /** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>
  /** Calls `fn` after `ms` unless the returned cancel is called first (no promise, no signal: cheap). */
  after(ms: number, fn: () => void): () => void
}

export const systemClock: Clock = {
  now: () => Date.now(),
  after: (ms, fn) => {
    const timer = setTimeout(fn, ms)
    return () => clearTimeout(timer)
  },
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason)
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort)
        resolve()
      }, ms)
      const onAbort = () => {
        clearTimeout(timer)
        reject(signal!.reason)
      }
      signal?.addEventListener('abort', onAbort, { once: true })
    }),
}

/** A clock that moves only when told to; sleepers wake in time order as it advances. */
export class FakeClock implements Clock {
  private current: number
  private sleepers: { at: number; resolve: () => void; reject: (e: unknown) => void; signal?: AbortSignal }[] = []

  constructor(start = Date.parse('2026-01-01T00:00:00Z')) {
    this.current = start
  }

  now(): number {
    return this.current
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason)
      const onAbort = () => {
        this.sleepers = this.sleepers.filter((s) => s !== sleeper)
        reject(signal!.reason)
      }
      const sleeper = {
        at: this.current + Math.max(0, ms),
        resolve: () => {
          signal?.removeEventListener('abort', onAbort)
          resolve()
        },
        reject,
        signal,
      }
      this.sleepers.push(sleeper)
      signal?.addEventListener('abort', onAbort, { once: true })
    })
  }

  after(ms: number, fn: () => void): () => void {
    const sleeper = { at: this.current + Math.max(0, ms), resolve: fn, reject: () => {} }
    this.sleepers.push(sleeper)
    return () => {
      this.sleepers = this.sleepers.filter((s) => s !== sleeper)
    }
  }

  /** Moves time forward by `ms`, waking each due sleeper and letting its work run before the next. */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms
    for (;;) {
      const due = this.sleepers.filter((s) => s.at <= target).sort((a, b) => a.at - b.at)[0]
      if (!due) break
      this.sleepers = this.sleepers.filter((s) => s !== due)
      this.current = Math.max(this.current, due.at)
      due.resolve()
      await settle()
    }
    this.current = target
    await settle()
  }

  get pending(): number {
    return this.sleepers.length
  }
}

/** Lets pending promise chains and I/O callbacks run. */
export async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setImmediate(r))
}
