// The delivery loops' common part (webhooks/delivery.ts, notifications/delivery.ts): outbox rows
// due now are claimed before they are sent, so when several console processes share the
// database each attempt goes out from one of them. A claim moves the row's next attempt past the
// send's own deadline in one UPDATE … RETURNING: a row another process claimed first is no longer
// due and is not returned. A process that dies mid-send leaves its claim to lapse, and the row is
// sent again then — at least once, with the same delivery id, which receivers deduplicate on. A
// sender records its attempt only while its claim stands (the row's next attempt is still the
// claim's): one that stalled past it leaves the row to the process that claimed it since.
import type { Writer } from './writer'

type Outbox = 'WebhookDelivery' | 'NotificationDelivery'

export interface Claimable {
  id: string
  /** Its endpoint or channel is enabled (0 when it was turned off after the row was queued). */
  enabled: number | boolean
}

export async function deliverClaimed<T extends Claimable>(
  store: Pick<Writer, 'all'>,
  outbox: Outbox,
  due: readonly T[],
  options: {
    now: number
    /** How long one send may take: the claim lasts that long, and a minute more. */
    sendMs: (row: T) => number
    /** Rows this process is sending now (a slow send outlasting its claim is not sent twice from here). */
    inFlight: Set<string>
    /** Sends the row and records the attempt — only while `claimedUntil` is still its next attempt (see the file's head). */
    deliver: (row: T, claimedUntil: number) => Promise<void>
    /** Ends a row whose endpoint or channel was turned off. */
    disabled: (row: T) => void
  },
): Promise<number> {
  const candidates = due.filter((d) => !options.inFlight.has(d.id))
  if (!candidates.length) return 0
  const until = options.now + 60_000 + Math.max(...candidates.map(options.sendMs))
  const claimed = new Set(
    store
      .all<{ id: string }>(
        `UPDATE "${outbox}" SET "nextAttemptAt" = ? WHERE "status" = 'pending' AND "nextAttemptAt" <= ? AND "id" IN (${candidates.map(() => '?').join(', ')}) RETURNING "id"`,
        [until, options.now, ...candidates.map((d) => d.id)],
      )
      .map((r) => r.id),
  )
  const work = candidates.filter((d) => claimed.has(d.id))
  await Promise.all(
    work.map(async (d) => {
      options.inFlight.add(d.id)
      try {
        if (!d.enabled) options.disabled(d)
        else await options.deliver(d, until)
      } finally {
        options.inFlight.delete(d.id)
      }
    }),
  )
  return work.length
}
