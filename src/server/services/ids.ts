import { randomBytes } from 'node:crypto'

/** Time-ordered ids: a prefix, milliseconds in base 36, then 64 random bits. */
export function newId(prefix: string, now: number = Date.now()): string {
  return `${prefix}_${now.toString(36).padStart(9, '0')}${randomBytes(8).toString('hex')}`
}
