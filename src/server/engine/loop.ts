import type { Clock } from './clock'

/**
 * Runs `tick` until `signal` aborts: again after `pollMs`, or at once when woken. Returns the
 * wake function and the loop's promise. A failing tick is logged and the loop goes on.
 */
export function pollLoop(tick: () => Promise<unknown>, options: { clock: Clock; pollMs: number; signal: AbortSignal; name: string }) {
  const { clock, pollMs, signal, name } = options
  let wake: () => void = () => {}
  const done = (async () => {
    while (!signal.aborted) {
      try {
        await tick()
      } catch (error) {
        if (!signal.aborted) console.error(`${name} failed`, error)
      }
      await new Promise<void>((resolve) => {
        wake = resolve
        clock.sleep(pollMs, signal).then(resolve, resolve)
      })
    }
  })()
  return { wake: () => wake(), done }
}
