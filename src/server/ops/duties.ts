// Duties one console process at a time carries out — supervision, alert rules, task sweeps,
// retention, re-sealing, the review sweep — when several processes share a database (REDIS_URL,
// docs/operations.md). Each is a lease row (DutyLease): the process that holds it renews it at
// every round; the others skip the round; when the holder dies its lease lapses and the next
// process to look takes it over. One statement takes or renews a lease, so two processes never
// both hold one: the database decides. A lone process simply always holds every duty.
// On PostgreSQL (cluster mode) the same rows serve several nodes: INSERT … ON CONFLICT DO UPDATE
// … WHERE is atomic there too. The times are the nodes' clocks: a node may take a duty over early
// by as much as its clock runs ahead of the holder's, harmless while that is under half a duty's
// ttlMs (the holder renews when half is left), as NTP keeps it.
import { hostname } from 'node:os'
import { randomBytes } from 'node:crypto'
import type { Writer } from '../db/writer'
import { logger } from './log'
import { systemClock, type Clock } from '../lib/clock'

export interface DutyHolder {
  /** Who holds leases in this process: host, pid and a random part (a restarted pid is someone else). */
  readonly owner: string
  /** Takes the duty for `ttlMs`, or renews it once half of that has passed; true when this process holds it now. */
  hold(name: string, ttlMs: number): boolean
  /** Whether this process held the duty at its last look (no database read). */
  holds(name: string): boolean
  /** Gives one duty back (a one-off job that finished). */
  release(name: string): void
  /** Gives every duty this process holds back, so another process takes them at once (shutdown). */
  releaseAll(): void
}

export function createDutyHolder(
  w: Pick<Writer, 'run'>,
  clock: Pick<Clock, 'now'> = systemClock,
  owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`,
): DutyHolder {
  const held = new Map<string, number>()
  return {
    owner,
    hold(name, ttlMs) {
      const at = clock.now()
      // Held with more than half its time to run: kept without a write (an idle console would
      // otherwise commit several lease renewals a second).
      if ((held.get(name) ?? 0) - at > ttlMs / 2) return true
      let changes: number
      try {
        changes = w.run(
          `INSERT INTO "DutyLease" ("name", "owner", "expiresAt", "updatedAt") VALUES (?, ?, ?, ?)
           ON CONFLICT ("name") DO UPDATE SET "owner" = excluded."owner", "expiresAt" = excluded."expiresAt", "updatedAt" = excluded."updatedAt"
           WHERE "DutyLease"."owner" = excluded."owner" OR "DutyLease"."expiresAt" <= ?`,
          [name, owner, at + ttlMs, at, at],
        ).changes
      } catch (error) {
        // A database busy past its timeout (another process's long write): this round is skipped,
        // not thrown out of a timer (which would end the process). The next round asks again.
        logger('duties').warn({ err: error, duty: name }, `duties: could not take or renew ${name}; skipping this round`)
        held.delete(name)
        return false
      }
      if (changes === 1) held.set(name, at + ttlMs)
      else held.delete(name)
      return changes === 1
    },
    holds(name) {
      return (held.get(name) ?? 0) > clock.now()
    },
    release(name) {
      if (!held.delete(name)) return
      try {
        // (A bound 0, not a literal: PostgreSQL takes a number for a timestamp only as a parameter.)
        w.run(`UPDATE "DutyLease" SET "expiresAt" = ? WHERE "name" = ? AND "owner" = ?`, [0, name, owner])
      } catch {
        // it lapses on its own
      }
    },
    releaseAll() {
      for (const name of [...held.keys()]) this.release(name)
    },
  }
}

/**
 * A duty's round, run only by the process that holds it: `ttlMs` should span a few rounds, so a
 * slow round does not lose it and a dead holder's is taken over within that time.
 */
export function asDuty<T>(duties: DutyHolder, name: string, ttlMs: number, round: () => T): () => T | undefined {
  return () => (duties.hold(name, ttlMs) ? round() : undefined)
}

/**
 * A one-off job (grouping earlier failures, re-sealing after a key rotation) run by one process:
 * its lease renewed while it runs, given back when it ends. A process that finds it held skips
 * it; should the holder die mid-way, the next process to start after the lease lapses runs it
 * again (such jobs pick up where they stopped).
 */
export async function asOneOff<T>(duties: DutyHolder, name: string, ttlMs: number, job: () => Promise<T>): Promise<T | undefined> {
  if (!duties.hold(name, ttlMs)) return undefined
  const renew = setInterval(() => duties.hold(name, ttlMs), ttlMs / 3)
  renew.unref()
  try {
    return await job()
  } finally {
    clearInterval(renew)
    duties.release(name)
  }
}
