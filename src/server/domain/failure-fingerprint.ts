// A failure's group as a short stable hash (domain/failures.ts says what makes two failures one).
// Apart from failures.ts because it hashes with node:crypto: the console's pages import the
// groups' states through domain/schemas, and a browser bundle of node:crypto is half a megabyte
// of polyfills, some of which evaluate strings (the pages' Content-Security-Policy refuses that).
import { createHash } from 'node:crypto'
import { normaliseMessage } from './failures'

/** The group a failure belongs to: a short stable hash of code, step and normalised message. */
export function failureFingerprint(code: string, step: string | null | undefined, message: string): string {
  return createHash('sha256')
    .update(`${code}\u0000${step ?? ''}\u0000${normaliseMessage(message)}`)
    .digest('hex')
    .slice(0, 20)
}
