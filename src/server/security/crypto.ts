// Encryption at rest (docs/data-model.md: what is sealed): results, step input and
// output, log lines, errors (message, stack, context), execution context and metadata, checkpoint
// results and variables, webhook secrets and headers are sealed with AES-256-GCM before they are
// written. The key comes from ENCRYPTION_KEY (base64, 32 bytes) or a key file outside the data
// folder (keyFile), made on first start; values written before encryption read as they are.
import { config } from '../config'
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto'
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { dataDir as defaultDataDir } from '../db/database-url.mjs'
import { randomBytesPooled } from './random'

const PREFIX = 'enc:v1:'

interface Keyring {
  current: { id: string; key: Buffer }
  byId: Map<string, Buffer>
}

const keyId = (key: Buffer) => createHash('sha256').update(key).digest('hex').slice(0, 8)

function parseKey(text: string, source: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64')
  if (key.length !== 32) throw new Error(`${source} must be 32 bytes in base64 (openssl rand -base64 32); got ${key.length} bytes`)
  return key
}

/**
 * Where the key is kept when ENCRYPTION_KEY is not set: ENCRYPTION_KEY_FILE, or the user's
 * configuration folder — never the data folder, so a copy of the data does not carry its key.
 */
export function keyFile(): string {
  const { ENCRYPTION_KEY_FILE, XDG_CONFIG_HOME } = config()
  if (ENCRYPTION_KEY_FILE) return resolve(ENCRYPTION_KEY_FILE)
  return join(XDG_CONFIG_HOME || join(homedir(), '.config'), 'execution-console', 'encryption.key')
}

/**
 * ENCRYPTION_KEY is the key new values are sealed with; ENCRYPTION_OLD_KEYS (comma-separated)
 * still open values sealed before a rotation. Without ENCRYPTION_KEY, the key file (keyFile),
 * made on first start. A key left in the data folder by an earlier version is still used, with a
 * warning to move it.
 */
export function loadKeyring(dataDir: string = defaultDataDir()): Keyring {
  let current: Buffer
  const { ENCRYPTION_KEY } = config()
  if (ENCRYPTION_KEY) current = parseKey(ENCRYPTION_KEY, 'ENCRYPTION_KEY')
  else {
    const file = keyFile()
    const legacy = join(dataDir, 'encryption.key')
    // (turbopackIgnore: the key's place is read at run time; the build must not trace the whole project for it.)
    if (!existsSync(/*turbopackIgnore: true*/ file) && existsSync(/*turbopackIgnore: true*/ legacy)) {
      console.warn(
        `encryption: the key is in the data folder (${legacy}), where a copy of the data carries it; move it to ${file} (or set ENCRYPTION_KEY_FILE) and keep a backup elsewhere`,
      )
      return keyringOf(parseKey(readFileSync(/*turbopackIgnore: true*/ legacy, 'utf8'), legacy), oldKeys())
    }
    if (!existsSync(/*turbopackIgnore: true*/ file)) {
      try {
        mkdirSync(/*turbopackIgnore: true*/ dirname(file), { recursive: true, mode: 0o700 })
        // Written aside, then linked into place: a process starting at the same moment finds the
        // whole key or none (a link fails if the name exists; the first one made wins).
        const aside = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`
        writeFileSync(/*turbopackIgnore: true*/ aside, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' })
        try {
          linkSync(/*turbopackIgnore: true*/ aside, file)
        } finally {
          unlinkSync(/*turbopackIgnore: true*/ aside)
        }
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
          throw new Error(`cannot create the encryption key at ${file} (${(error as Error).message}): set ENCRYPTION_KEY, or ENCRYPTION_KEY_FILE to a writable path`, {
            cause: error,
          })
        }
        // another process made it first
      }
    }
    current = parseKey(readFileSync(/*turbopackIgnore: true*/ file, 'utf8'), file)
  }
  return keyringOf(current, oldKeys())
}

const oldKeys = () =>
  (config().ENCRYPTION_OLD_KEYS ?? '')
    .split(',')
    .filter(Boolean)
    .map((k) => parseKey(k, 'ENCRYPTION_OLD_KEYS'))

/**
 * Small values sealed or opened lately, by their sealed form: the JSON they hold. A value is
 * often opened moments after it was sealed (an execution's context by its first run, a step's
 * output by the next step's input), and a decipher costs tens of microseconds where a parse of
 * a small JSON costs one. Bounded in count and size; it holds nothing the process did not hold.
 */
const recent = new Map<string, string>()
const RECENT_MAX = 512
const RECENT_MAX_CHARS = 4_096
function remember(sealed: string, json: string) {
  if (sealed.length > RECENT_MAX_CHARS) return
  if (recent.size >= RECENT_MAX) recent.delete(recent.keys().next().value!)
  recent.set(sealed, json)
}

const globalForKeys = globalThis as unknown as { __consoleKeyring?: Keyring }
const keyring = () => (globalForKeys.__consoleKeyring ??= loadKeyring())

/** For tests: use this keyring from now on. */
export function useKeyring(ring: Keyring) {
  globalForKeys.__consoleKeyring = ring
  recent.clear() // (what the keys it had opened is not for the new ones to open)
}

/** A value sealed as a string: `enc:v1:<key id>:<iv>:<tag>:<ciphertext>`. Null and undefined stay as they are. */
export function seal<T>(value: T): T extends null | undefined ? T : string {
  if (value === null || value === undefined) return value as never
  const { id, key } = keyring().current
  const iv = randomBytesPooled(12)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  const json = JSON.stringify(value)
  // (GCM is a stream mode: final() adds no bytes, only computes the tag.)
  const data = cipher.update(json, 'utf8')
  cipher.final()
  const sealed = `${PREFIX}${id}:${iv.toString('base64url')}:${cipher.getAuthTag().toString('base64url')}:${data.toString('base64url')}`
  remember(sealed, json)
  return sealed as never
}

/**
 * A JSON column's value as it is stored: sealed, except an empty object or array, which holds
 * nothing to hide (and whose sealed form would say as much: GCM keeps the length). A no-op
 * step's output is one; sealing costs more than the rest of its write.
 */
export function sealValue(value: unknown): unknown {
  if (value === null || value === undefined) return value
  if (typeof value === 'object' && (Array.isArray(value) ? value.length === 0 : isEmptyObject(value))) return value
  return seal(value)
}

function isEmptyObject(value: object): boolean {
  for (const _ in value) return false
  return Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null
}

/** A sealed value as the text of a JSON column, for raw SQL writes. */
export function sealJson(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(sealValue(value))
}

/**
 * The key ids of sealed values (or JSON text holding them) that no configured key opens: a
 * database sealed with another key than this process has (seeded with another, a key lost).
 */
export function unknownKeyIds(values: readonly unknown[]): string[] {
  const unknown = new Set<string>()
  for (const v of values) {
    if (typeof v !== 'string') continue
    const at = v.indexOf(PREFIX)
    if (at < 0) continue
    const id = v.slice(at + PREFIX.length).split(':', 1)[0]!
    if (!keyring().byId.has(id)) unknown.add(id)
  }
  return [...unknown]
}

/** The value a sealed string holds; anything else (written before encryption) as it is. */
export function open(value: unknown): unknown {
  if (typeof value !== 'string' || !value.startsWith(PREFIX)) return value
  const known = recent.get(value)
  if (known !== undefined) return JSON.parse(known)
  const [id, iv, tag, data] = value.slice(PREFIX.length).split(':') as [string, string, string, string]
  const key = keyring().byId.get(id)
  if (!key) throw new Error(`a value was sealed with key ${id}, which is not configured (ENCRYPTION_KEY / ENCRYPTION_OLD_KEYS)`)
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'))
  decipher.setAuthTag(Buffer.from(tag, 'base64url'))
  const json = Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8')
  remember(value, json)
  return JSON.parse(json)
}

/**
 * Checkpoint results, each step's value sealed on its own — as its step row holds it, so a step
 * boundary copies the sealed output instead of opening and sealing every result again.
 */
export function sealEach(results: Record<string, unknown>): Record<string, unknown> {
  const sealed: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(results)) if (value !== null && value !== undefined) sealed[key] = sealValue(value)
  return sealed
}

/** Checkpoint results as written: each value sealed (see sealEach), or the whole object sealed (before). */
export function openResults(results: unknown): Record<string, unknown> {
  if (typeof results === 'string') return open(results) as Record<string, unknown>
  if (typeof results !== 'object' || results === null) return {}
  return Object.fromEntries(Object.entries(results).map(([key, value]) => [key, open(value)]))
}

/** The id of the key new values are sealed with. */
export const currentKeyId = () => keyring().current.id

/** A keyring from keys given directly (`loadKeyring` underneath, and tests). */
export function keyringOf(current: Buffer, old: Buffer[] = []): Keyring {
  const byId = new Map([[keyId(current), current], ...old.map((k) => [keyId(k), k] as const)])
  return { current: { id: keyId(current), key: current }, byId }
}

/** A secret for another purpose (session signing), derived from the current key so there is one key to keep. */
export function derivedSecret(label: string): string {
  return Buffer.from(hkdfSync('sha256', keyring().current.key, Buffer.alloc(0), label, 32)).toString('base64')
}

type Fields = Record<string, unknown>
const isFields = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * The parts of an error that may hold what it was working on (message, stack, context) are
 * sealed; its code, step and retry facts stay in the clear, since failure grouping, retry
 * policies and the engine decide by them.
 */
const SEALED_ERROR_FIELDS = ['message', 'stack', 'context'] as const

function mapFields(error: unknown, fields: readonly string[], f: (v: unknown) => unknown): unknown {
  if (!isFields(error)) return error
  const out: Fields = { ...error }
  for (const field of fields) if (out[field] !== undefined && out[field] !== null) out[field] = f(out[field])
  return out
}

/** An error object (a step's, or an event's) as stored. */
export const sealError = <T>(error: T): T => mapFields(error, SEALED_ERROR_FIELDS, seal) as T
/** An error object as written by sealError (or before, in the clear). */
export const openError = <T>(error: T): T => mapFields(error, SEALED_ERROR_FIELDS, open) as T

/** Free text an event's data may carry: a result's summary, a cancel or skip reason. */
const SEALED_EVENT_FIELDS = ['summary', 'reason'] as const

/**
 * An event's data as stored: an error it carries is sealed as the error is on its row, and the
 * summary of a result (execution.completed) and a reason as their rows hold them.
 */
export function sealEventData(data: unknown): unknown {
  if (!isFields(data) || (data.error === undefined && data.summary === undefined && data.reason === undefined)) return data
  return mapFields({ ...data, error: sealError(data.error) }, SEALED_EVENT_FIELDS, seal)
}

/** An event's data as the API shows it. */
export function openEventData(data: unknown): unknown {
  if (!isFields(data) || (data.error === undefined && data.summary === undefined && data.reason === undefined)) return data
  return mapFields({ ...data, error: openError(data.error) }, SEALED_EVENT_FIELDS, open)
}

/** A step's or execution's metadata with `extra` merged in, sealed (as JSON text, for the write path). */
export function mergedMetadata(stored: unknown, extra: Record<string, unknown>): string | null {
  return sealJson({ ...((open(stored) as Record<string, unknown> | null) ?? {}), ...extra })
}
