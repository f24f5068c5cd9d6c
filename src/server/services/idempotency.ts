// Idempotency-Key on POSTs (docs/api.md): a retried request — after a timeout, a dropped
// connection, a client's automatic retry — is answered with the first one's answer instead of
// being done again. Keys are per principal and kept an hour. A key reused for another request is
// refused (422); one whose first request is still running answers 409. A create records its
// execution against the key in the create's own transaction, so a crash between the create and
// its answer cannot make a retry create a second execution.
import { createHash } from 'node:crypto'
import type { Writer } from '../db/writer'
import { open, seal } from '../security/crypto'
import { ServiceError } from './errors'

/** How long a key is remembered: a retry comes within seconds or minutes, and an SDK sends a key with every POST. */
const KEEP_MS = 3_600_000
/** A first request that has not answered after this long is taken to have died with its process. */
const ABANDONED_MS = 60_000
/**
 * The most keys kept for one principal (its newest): storage stays bounded whatever a client
 * sends. An API key at its rate limit for an hour stays under it; past it, its oldest keys go first.
 */
export const MAX_KEPT_PER_PRINCIPAL = 100_000
/** Keys as clients send them (UUIDs, ULIDs, opaque tokens). */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/

/** What to do with a request that carries a key. */
export type IdempotentStart =
  | { kind: 'run' }
  | { kind: 'replay'; status: number; body: unknown }
  /**
   * The first request answered with this execution (kept by id, not copied: most POSTs answer
   * one), or created it and did not live to answer: answer it as it is now.
   */
  | { kind: 'execution'; status: number; executionId: string }

export interface IdempotentRequest {
  principal: string
  key: string
  /** The organisations the principal belongs to now. */
  organizations: readonly string[]
  method: string
  path: string
  body: string
}

export function createIdempotencyStore(w: Writer, now: () => number = Date.now, maxPerPrincipal = MAX_KEPT_PER_PRINCIPAL) {
  // Expired keys are swept at most once a minute, not by every keyed POST (an SDK keys them all).
  let sweptAt = -Infinity
  return {
    /** Records the key for this request, or says how the request it was first used for ended. */
    begin(request: IdempotentRequest): IdempotentStart {
      if (!KEY_PATTERN.test(request.key)) {
        throw new ServiceError('BAD_REQUEST', 'Idempotency-Key: 1 to 255 printable ASCII characters without spaces (a UUID is usual)', 'Idempotency-Key')
      }
      const hash = createHash('sha256').update(canonical(request.body)).digest('hex')
      const at = now()
      return w.transaction(() => {
        if (at - sweptAt >= 60_000) {
          sweptAt = at
          w.run('DELETE FROM "IdempotencyKey" WHERE "createdAt" < ?', [at - KEEP_MS])
          w.run(
            `DELETE FROM "IdempotencyKey" WHERE rowid IN (SELECT rowid FROM (SELECT rowid, row_number() OVER (PARTITION BY "principal" ORDER BY "createdAt" DESC) AS "rank" FROM "IdempotencyKey") WHERE "rank" > ?)`,
            [maxPerPrincipal],
          )
        }
        const organizations = [...request.organizations].sort().join(',')
        const row = w.get<{
          organizations: string
          method: string
          path: string
          requestHash: string
          status: number | null
          response: string | null
          executionId: string | null
          createdAt: number
        }>('SELECT "organizations", "method", "path", "requestHash", "status", "response", "executionId", "createdAt" FROM "IdempotencyKey" WHERE "principal" = ? AND "key" = ?', [
          request.principal,
          request.key,
        ])
        // A key past its hour not swept yet is as good as gone.
        if (!row || at - row.createdAt >= KEEP_MS) {
          w.run('INSERT OR REPLACE INTO "IdempotencyKey" ("principal", "key", "organizations", "method", "path", "requestHash", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?)', [
            request.principal,
            request.key,
            organizations,
            request.method,
            request.path,
            hash,
            at,
          ])
          return { kind: 'run' as const }
        }
        if (row.method !== request.method || row.path !== request.path || row.requestHash !== hash) {
          throw new ServiceError(
            'UNPROCESSABLE',
            `Idempotency-Key '${request.key}' was used for another request (${row.method} ${row.path}${row.path === request.path ? ' with another body' : ''}); use a new key for a new request`,
            'Idempotency-Key',
          )
        }
        // The first answer was given to the principal as a member of organisations it has since
        // left: it may not read it, and doing the request again could do it twice.
        const current = new Set(request.organizations)
        const left = row.organizations === '' ? [] : row.organizations.split(',').filter((id) => !current.has(id))
        if (left.length > 0) {
          throw new ServiceError(
            'FORBIDDEN',
            `Idempotency-Key '${request.key}' was first used while you belonged to an organisation you no longer belong to; send a new request with a new key`,
            'Idempotency-Key',
          )
        }
        if (row.status !== null && row.response === null && row.executionId !== null) return { kind: 'execution' as const, status: row.status, executionId: row.executionId }
        if (row.status !== null) return { kind: 'replay' as const, status: row.status, body: row.response === null ? null : JSON.parse(open(row.response) as string) }
        if (row.executionId !== null) return { kind: 'execution' as const, status: 201, executionId: row.executionId }
        if (at - row.createdAt < ABANDONED_MS) {
          throw new ServiceError('CONFLICT', `a request with Idempotency-Key '${request.key}' is still being handled; retry once it has answered`, 'Idempotency-Key')
        }
        // Its first request died with its process before doing anything: this one does it.
        w.run('UPDATE "IdempotencyKey" SET "createdAt" = ? WHERE "principal" = ? AND "key" = ?', [at, request.principal, request.key])
        return { kind: 'run' as const }
      })
    },

    /**
     * Keeps a success's answer for the retries — an execution by its id, anything else sealed,
     * a secret never (it is shown once) — and forgets the key after a refusal, so a retry is done again.
     */
    finish(request: Pick<IdempotentRequest, 'principal' | 'key'>, status: number, body: unknown) {
      if (status >= 200 && status < 300) {
        const answer = (body ?? null) as Record<string, unknown> | null
        const executionId = answer?.$type === 'ServiceExecution' && typeof answer.$id === 'string' ? answer.$id : null
        const kept = executionId !== null ? null : seal(JSON.stringify(answer && 'secret' in answer ? { ...answer, secret: undefined } : answer))
        w.run('UPDATE "IdempotencyKey" SET "status" = ?, "response" = ?, "executionId" = coalesce(?, "executionId") WHERE "principal" = ? AND "key" = ?', [
          status,
          kept,
          executionId,
          request.principal,
          request.key,
        ])
      } else w.run('DELETE FROM "IdempotencyKey" WHERE "principal" = ? AND "key" = ? AND "status" IS NULL AND "executionId" IS NULL', [request.principal, request.key])
    },
  }
}

export type IdempotencyStore = ReturnType<typeof createIdempotencyStore>

/** A JSON body with its keys sorted and no spacing, so the same request sent again by another serialiser matches; other text as it is. */
function canonical(body: string): string {
  let value: unknown
  try {
    value = JSON.parse(body)
  } catch {
    return body
  }
  const sorted = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sorted)
      : v !== null && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sorted((v as Record<string, unknown>)[k])]),
          )
        : v
  return JSON.stringify(sorted(value))
}

/** Inside a create's transaction: the key now names the execution it made. */
export function recordCreated(w: Writer, key: { principal: string; key: string }, executionId: string) {
  w.run('UPDATE "IdempotencyKey" SET "executionId" = ? WHERE "principal" = ? AND "key" = ?', [executionId, key.principal, key.key])
}
