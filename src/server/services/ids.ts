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

/**
 * A UUIDv7 (RFC 9562): 48 bits of milliseconds, the version, then random bits. Time-ordered, so a
 * new one lands at the end of its index. (The uuid package's v7 asks Web Crypto for 16 bytes each
 * time, about 3% of a no-op execution here; this takes them from the pool.)
 */
export function uuidv7(now: number = Date.now()): string {
  const bytes = randomBytesPooled(16)
  bytes.writeUIntBE(now, 0, 6)
  bytes[6] = (bytes[6]! & 0x0f) | 0x70
  bytes[8] = (bytes[8]! & 0x3f) | 0x80
  const hex = bytes.toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/** A Standard Webhooks secret: `whsec_` and 32 random bytes in base64. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`
}
