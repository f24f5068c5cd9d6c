// Searching text that is sealed at rest: each word of it (and each word's beginnings, from three
// letters) is kept as a keyed hash — a blind index. A search for "timeout" or "timeo" finds a
// message with "Timeout after 30 s" without the message, or its words, ever being stored in the
// clear. The hashes are keyed (HMAC) by a secret derived from the encryption key, so they cannot
// be matched against a dictionary by whoever holds only the database.
import { createHmac } from 'node:crypto'
import { currentKeyId, derivedSecret } from './crypto'

const MIN = 3
/** Beginnings longer than this are not indexed: a search word is cut to it, then matched. */
const MAX = 16
/** Words of a text (letters and digits), lower case. */
const words = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []

let key: { of: string; key: Buffer } | undefined
/** The index's key, derived again only when the encryption key changes. */
function indexKey(): Buffer {
  const current = currentKeyId()
  if (key?.of !== current) key = { of: current, key: Buffer.from(derivedSecret('blind index of sealed text'), 'base64') }
  return key.key
}

const token = (k: Buffer, prefix: string) => createHmac('sha256', k).update(prefix).digest('base64url').slice(0, 11)

/** The index of a text: its words' beginnings' tokens, space-separated with a space at each end (so a search for ' t ' matches one whole token). */
export function blindIndex(text: string | null | undefined): string | null {
  if (!text) return null
  const k = indexKey()
  const tokens = new Set<string>()
  for (const word of words(text)) {
    for (let n = MIN; n <= Math.min(word.length, MAX); n++) tokens.add(token(k, word.slice(0, n)))
  }
  return tokens.size ? ` ${[...tokens].join(' ')} ` : null
}

/** The tokens a search must find, one per word of three letters or more (shorter ones cannot be searched for). */
export function searchTokens(search: string): string[] {
  const k = indexKey()
  return [
    ...new Set(
      words(search)
        .filter((w) => w.length >= MIN)
        .map((w) => token(k, w.slice(0, MAX))),
    ),
  ]
}
