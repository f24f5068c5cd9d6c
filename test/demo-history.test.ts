// The seeded history is one the demo engine can carry on: a failed execution of every seeded
// workflow, retried by an operator, runs again on the engine to completion or fails again on its
// own — its completed steps not run twice; the outside service's execution waits for its service.
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { FakeClock, settle } from '@/server/lib/clock'
import { createEngine, type Engine } from '@/server/engine/engine'
import { demoWorkflows } from '@/server/built-in/workflows'
import { workflowVersionId } from '@/server/engine/workflow'
import { createExecutionService } from '@/server/services/executions'
import { createQueryService } from '@/server/services/queries'
import { createRunnerDirectory } from '@/server/services/workers'
import { createInProcessBus } from '@/server/events/bus'
import { openReader } from '@/server/db/reader'
import { openWriter } from '@/server/db/writer'
import { writeHistory } from '@/server/demo/history'
import { freshDatabase, operator } from './helpers'

let engine: Engine | undefined
let close = () => {}
afterEach(async () => {
  await engine?.stop()
  engine = undefined
  close()
})

/** mulberry32, as the seeder uses: the demo's handlers fail now and then, the same way each run. */
function prng(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = Math.imul(a ^ (a >>> 15), a | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describe('the seeded history on the demo engine', () => {
  it('reruns a retried failed execution of every seeded workflow to completion or a failure of its own', async () => {
    const { db, file } = await freshDatabase()
    const clock = new FakeClock(Date.parse('2026-06-01T00:00:00Z'))
    const raw = new Database(file)
    writeHistory(raw, { executions: 800, days: 30, seed: 5, now: clock.now(), logsPerExecution: 4, detailed: true })
    raw.close()
    const bus = createInProcessBus()
    const writer = openWriter(file)
    close = () => writer.close()
    const reader = openReader(file)
    const runners = createRunnerDirectory(reader, () => clock.now(), 0)
    const executions = createExecutionService({ writer, bus, now: () => new Date(clock.now()), runners })
    const queries = createQueryService(db, reader, { runners })
    const workflows = demoWorkflows({ clock, speed: 0.01, random: prng(3) })
    engine = createEngine({ store: writer, executions, bus, workflows, clock, concurrency: 16, pollMs: 100, random: prng(4) })
    await engine.start()

    const seededWorkflows = reader.all<{ id: string }>('SELECT DISTINCT "workflowDefinitionId" AS id FROM "Execution" WHERE "workflowDefinitionId" IS NOT NULL ORDER BY 1', [])
    expect(seededWorkflows.map((w) => w.id)).toEqual(['content-generation@1', 'crm-sync@1', 'nightly-import@1', 'quarterly-analysis@1', 'sdr-outreach@1'])
    expect(seededWorkflows.every((w) => workflows.some((d) => workflowVersionId(d) === w.id))).toBe(true)

    const retried: { id: string; completedBefore: Map<string, number> }[] = []
    for (const { id: workflow } of seededWorkflows) {
      const failed = reader.get<{ id: string }>(`SELECT "id" FROM "Execution" WHERE "workflowDefinitionId" = ? AND "status" = 'failed' ORDER BY "createdAt" DESC LIMIT 1`, [
        workflow,
      ])
      expect(failed, `a failed execution of ${workflow}`).toBeDefined()
      const before = await queries.get(failed!.id)
      const completedBefore = new Map(before.steps!.filter((s) => s.status === 'completed').map((s) => [s.id, s.attempt ?? 0]))
      const asked = await executions.retry(failed!.id, operator)
      // Handed to the engine, shown waiting for it: never "running" before a worker runs it.
      expect(asked.status).toBe('retry')
      expect(asked.runner).toMatchObject({ kind: 'engine', workflow: { id: workflow } })
      retried.push({ id: failed!.id, completedBefore })
    }

    const ended = new Map<string, string>()
    for (let t = 0; t < 3_600_000 && ended.size < retried.length; t += 250) {
      await clock.advance(250)
      await settle()
      for (const { id } of retried) {
        if (ended.has(id)) continue
        const now = await queries.get(id)
        // A person's review, when one is asked for: an operator approves it.
        const review = now.steps!.find((s) => s.type === 'human' && s.status === 'running')
        if (review) await executions.completeStep(id, operator, review.id, { output: { approved: true } }).catch(() => {})
        if (now.status === 'completed' || now.status === 'failed' || now.status === 'cancelled') ended.set(id, now.status)
      }
    }
    expect(ended.size).toBe(retried.length)
    for (const { id, completedBefore } of retried) {
      expect(['completed', 'failed']).toContain(ended.get(id))
      const after = await queries.get(id)
      expect(after.metrics!.retries).toBeGreaterThanOrEqual(1)
      // Its earlier steps kept their outputs and did not run again.
      for (const [step, attempt] of completedBefore) expect(after.steps!.find((s) => s.id === step)).toMatchObject({ status: 'completed', attempt })
      const started = (await queries.events(id, { limit: 5_000 })).items.filter((e) => e.type === 'execution.started').at(-1)
      expect(started?.actor.type).toBe('engine')
    }
    expect([...ended.values()]).toContain('completed')

    // The outside service's execution: retried, it is its service's to resume.
    const outside = reader.get<{ id: string }>(`SELECT "id" FROM "Execution" WHERE "serviceId" = 'support-triage-service' AND "status" = 'failed' LIMIT 1`, [])!
    const asked = await executions.retry(outside.id, operator)
    expect(asked.runner).toMatchObject({ kind: 'service', label: 'Support Ticket Triage over the API' })
  })
})
