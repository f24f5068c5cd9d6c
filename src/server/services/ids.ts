import { randomBytes } from 'node:crypto'
import { randomBytesPooled } from '../security/random'

let lastTime = 0
let counter = 0

/**
 * Time-ordered ids: a prefix, milliseconds in base 36, a counter that orders ids made in the
 * same millisecond by this process, then 48 random bits.
 */
export function newId(prefix: string, now: number = Date.now()): string {
  if (now === lastTime) counter += 1
  else {
    lastTime = now
    counter = 0
  }
  return `${prefix}_${now.toString(36).padStart(9, '0')}${counter.toString(36).padStart(4, '0')}${randomBytesPooled(6).toString('hex')}`
}

/** A Standard Webhooks secret: `whsec_` and 32 random bytes in base64. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`
}
