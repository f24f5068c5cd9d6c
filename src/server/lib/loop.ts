import { logger } from '../ops/log'
import type { Clock } from './clock'

/**
 * Runs `tick` until `signal` aborts: again after `pollMs`, or at once when woken. Returns the
 * wake function and the loop's promise. A failing tick is logged and the loop goes on.
 */
export function pollLoop(tick: () => Promise<unknown>, options: { clock: Clock; pollMs: number; signal: AbortSignal; name: string }) {
  const { clock, pollMs, signal, name } = options
  let woken = false
  let endNap = () => {}
  const wake = () => {
    woken = true
    endNap()
  }
  signal.addEventListener('abort', wake, { once: true })
  const done = (async () => {
    while (!signal.aborted) {
      woken = false
      try {
        await tick()
      } catch (error) {
        if (!signal.aborted) logger('loop').error({ err: error }, `${name} failed`)
      }
      // Woken while it ticked: tick again at once, or what woke it would wait for the interval.
      if (woken) continue
      await new Promise<void>((resolve) => {
        const cancel = clock.after(pollMs, resolve)
        endNap = () => {
          cancel()
          resolve()
        }
      })
      endNap = () => {}
    }
  })()
  return { wake, done }
}
