// Encryption at rest (seed 001: "Results and logs encrypted at rest"): results, step input and
// output, log context, checkpoint results and webhook secrets are sealed with AES-256-GCM before
// they are written. The key comes from ENCRYPTION_KEY (base64, 32 bytes) or is generated into the
// data folder on first start; values written before encryption, or by the seeder, read as they are.
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { databaseFile } from '../../../scripts/database-url.mjs'
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
 * ENCRYPTION_KEY is the key new values are sealed with; ENCRYPTION_OLD_KEYS (comma-separated)
 * still open values sealed before a rotation. Without ENCRYPTION_KEY, data/encryption.key.
 */
export function loadKeyring(dataDir: string = dirname(databaseFile())): Keyring {
  let current: Buffer
  if (process.env.ENCRYPTION_KEY) current = parseKey(process.env.ENCRYPTION_KEY, 'ENCRYPTION_KEY')
  else {
    const file = join(dataDir, 'encryption.key')
    if (!existsSync(file)) {
      mkdirSync(dataDir, { recursive: true })
      try {
        writeFileSync(file, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' })
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error // another process made it first
      }
    }
    current = parseKey(readFileSync(file, 'utf8'), file)
  }
  const old = (process.env.ENCRYPTION_OLD_KEYS ?? '').split(',').filter(Boolean).map((k) => parseKey(k, 'ENCRYPTION_OLD_KEYS'))
  return keyringOf(current, old)
}

const globalForKeys = globalThis as unknown as { __consoleKeyring?: Keyring }
const keyring = () => (globalForKeys.__consoleKeyring ??= loadKeyring())

/** For tests: use this keyring from now on. */
export function useKeyring(ring: Keyring) {
  globalForKeys.__consoleKeyring = ring
}

/** A value sealed as a string: `enc:v1:<key id>:<iv>:<tag>:<ciphertext>`. Null and undefined stay as they are. */
export function seal<T>(value: T): T extends null | undefined ? T : string {
  if (value === null || value === undefined) return value as never
  const { id, key } = keyring().current
  const iv = randomBytesPooled(12)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  const data = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()])
  return `${PREFIX}${id}:${iv.toString('base64url')}:${cipher.getAuthTag().toString('base64url')}:${data.toString('base64url')}` as never
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

/** The value a sealed string holds; anything else (written before encryption) as it is. */
export function open(value: unknown): unknown {
  if (typeof value !== 'string' || !value.startsWith(PREFIX)) return value
  const [id, iv, tag, data] = value.slice(PREFIX.length).split(':') as [string, string, string, string]
  const key = keyring().byId.get(id)
  if (!key) throw new Error(`a value was sealed with key ${id}, which is not configured (ENCRYPTION_KEY / ENCRYPTION_OLD_KEYS)`)
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'))
  decipher.setAuthTag(Buffer.from(tag, 'base64url'))
  return JSON.parse(Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8'))
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
