// The engine workers and the workflow versions each runs, in the database so every console
// process sees the same: what an execution's runner is ("Batch Data Processing v1 on the
// engine", or no one), and which queued executions nothing can take.
import type { Reader } from '../db/reader'
import type { Writer } from '../db/writer'
import type { RunnerDirectory } from '../domain/runner'

export interface WorkerRegistration {
  id: string
  hostname: string
  pid: number
  workflows: readonly string[]
  concurrency: number
  leaseMs: number
}

/** A worker that says it runs these workflows; it stays live while it beats. */
export function registerWorker(w: Writer, worker: WorkerRegistration, at: number): void {
  w.transaction(() =>
    w.run(
      `INSERT INTO "EngineWorker" ("id", "hostname", "pid", "workflows", "concurrency", "leaseMs", "startedAt", "heartbeatAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT ("id") DO UPDATE SET "workflows" = excluded."workflows", "concurrency" = excluded."concurrency", "leaseMs" = excluded."leaseMs", "heartbeatAt" = excluded."heartbeatAt", "stoppedAt" = NULL`,
      [worker.id, worker.hostname, worker.pid, JSON.stringify(worker.workflows), worker.concurrency, worker.leaseMs, at, at],
    ),
  )
}

/** The statement a worker's heartbeat runs (inside the transaction its leases are extended in). */
export function beatWorker(w: Writer, id: string, at: number): void {
  w.run('UPDATE "EngineWorker" SET "heartbeatAt" = ?, "stoppedAt" = NULL WHERE "id" = ?', [at, id])
}

export function stopWorker(w: Writer, id: string, at: number): void {
  w.transaction(() => w.run('UPDATE "EngineWorker" SET "stoppedAt" = ? WHERE "id" = ?', [at, id]))
  // Workers gone for a week are forgotten.
  w.transaction(() => w.run('DELETE FROM "EngineWorker" WHERE "stoppedAt" < ? OR "heartbeatAt" < ?', [at - 7 * 86_400_000, at - 7 * 86_400_000]))
}

type Source = Pick<Reader, 'all'>

/** Live workers by workflow version: a worker is live until it stops or misses its lease's worth of beats. */
export function liveWorkflows(r: Source, now: number): Map<string, number> {
  const live = new Map<string, number>()
  for (const worker of r.all<{ workflows: string }>('SELECT "workflows" FROM "EngineWorker" WHERE "stoppedAt" IS NULL AND "heartbeatAt" + "leaseMs" >= ?', [now])) {
    for (const id of JSON.parse(worker.workflows) as string[]) live.set(id, (live.get(id) ?? 0) + 1)
  }
  return live
}

export function listWorkers(r: Source, now: number) {
  return r
    .all<{ id: string; hostname: string; pid: number; workflows: string; concurrency: number; leaseMs: number; startedAt: number; heartbeatAt: number; stoppedAt: number | null }>(
      'SELECT * FROM "EngineWorker" ORDER BY "startedAt" DESC',
      [],
    )
    .map((w) => ({
      id: w.id,
      hostname: w.hostname,
      pid: w.pid,
      workflows: JSON.parse(w.workflows) as string[],
      concurrency: w.concurrency,
      startedAt: new Date(w.startedAt).toISOString(),
      heartbeatAt: new Date(w.heartbeatAt).toISOString(),
      stoppedAt: w.stoppedAt === null ? undefined : new Date(w.stoppedAt).toISOString(),
      live: w.stoppedAt === null && w.heartbeatAt + w.leaseMs >= now,
    }))
}

/**
 * Names of workflows and services and what the live workers run, read at most once a second:
 * every list page and execution answer needs it, and it changes when a worker starts or stops.
 */
export function createRunnerDirectory(r: Source, now: () => number = Date.now, maxAgeMs = 1_000): () => RunnerDirectory {
  let cached: { at: number; directory: RunnerDirectory } | undefined
  // Definitions are added, never changed: names are read again only for one not seen yet.
  let names = new Map<string, { name: string; version: number }>()
  let namesReadAt = -Infinity
  const readNames = () => {
    namesReadAt = now()
    names = new Map(
      r.all<{ id: string; name: string; version: number }>('SELECT "id", "name", "version" FROM "WorkflowDefinition"', []).map((w) => [w.id, { name: w.name, version: w.version }]),
    )
  }
  const workflows = {
    get(id: string) {
      if (!names.has(id) && now() - namesReadAt > 100) readNames()
      return names.get(id)
    },
  }
  return () => {
    const at = now()
    if (cached && at - cached.at < maxAgeMs && at >= cached.at) return cached.directory
    const directory: RunnerDirectory = {
      workflows,
      services: new Map(r.all<{ id: string; name: string }>('SELECT "id", "name" FROM "Service"', []).map((s) => [s.id, s.name])),
      live: liveWorkflows(r, at),
    }
    cached = { at, directory }
    return directory
  }
}
