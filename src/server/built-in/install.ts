// What a database needs before the demo's workflows (examples/demo-worker) run on it: the
// organisations and services of the catalog (built-in/catalog.ts) and a record of each workflow's
// first version (the demo worker's templates fill them in); and the move of executions an earlier
// version's demo seeded onto the workflows that now run them. The console runs both at start through the write path's
// connection; the seeders, tests and benchmarks on a connection of their own.
import type { Database } from 'better-sqlite3'
import type { Writer } from '../db/writer'
import { onConnection } from '../db/connection'
import { CUSTOMERS, dependsOnOf, PROVIDER, SERVICE_TEMPLATES, workflowIdOf } from './catalog'

const DAY = 86_400_000

/**
 * The catalog's organisations, services and workflow definitions, where missing. On the write
 * path's connection in one transaction; on a connection of the caller's as the caller has it.
 */
export function ensureCatalog(db: Database | Writer, now: number) {
  const sql = onConnection(db)
  const write = () => {
    const org = 'INSERT OR IGNORE INTO "Organization" ("id", "name", "createdAt") VALUES (?, ?, ?)'
    sql.run(org, [PROVIDER.id, PROVIDER.name, now - 400 * DAY])
    // The catalog's customers are the provider's, registered by it: it works for them (opens the
    // support desk's tickets for them) before any has ordered (services/executions/create.ts).
    const customer = 'INSERT OR IGNORE INTO "Organization" ("id", "name", "registeredById", "createdAt") VALUES (?, ?, ?, ?)'
    const registered = 'UPDATE "Organization" SET "registeredById" = ? WHERE "id" = ? AND "registeredById" IS NULL'
    for (const c of CUSTOMERS) {
      sql.run(customer, [c.id, c.name, PROVIDER.id, now - 400 * DAY])
      sql.run(registered, [PROVIDER.id, c.id])
    }
    const service = 'INSERT OR IGNORE INTO "Service" ("id", "name", "description", "providerId", "retryPolicy", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?)'
    // The engine registers its definitions on start too (with more detail); these let the
    // history refer to them before it ever ran.
    // The demo's workflows are the provider's (its worker, examples/demo-worker, registers their
    // templates as their next versions); a database of an earlier version had them as the console's.
    const workflow =
      'INSERT OR IGNORE INTO "WorkflowDefinition" ("id", "key", "version", "name", "description", "serviceId", "definition", "organizationId", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'
    const owned = 'UPDATE "WorkflowDefinition" SET "organizationId" = ? WHERE "key" = ? AND "organizationId" IS NULL'
    for (const t of SERVICE_TEMPLATES) {
      sql.run(service, [t.id, t.name, t.description, PROVIDER.id, JSON.stringify(t.retryPolicy), now - 365 * DAY, now - 30 * DAY])
      if (!t.workflow) continue
      const steps = t.steps.map((s, i) => ({ id: s.id, name: s.name, assignee: { type: s.assignee }, dependsOn: dependsOnOf(t, i) }))
      sql.run(workflow, [
        workflowIdOf(t),
        t.workflow.key,
        t.workflow.version,
        t.workflow.name,
        t.description,
        t.id,
        JSON.stringify({ steps, retryPolicy: t.retryPolicy, timeout: t.timeoutMs }),
        PROVIDER.id,
        now - 365 * DAY,
      ])
      sql.run(owned, [PROVIDER.id, t.workflow.key])
    }
    // The demo worker's other workflows, recorded by the console's engine before they left it.
    for (const key of ['batch-processing', 'lead-enrichment', 'account-research']) sql.run(owned, [PROVIDER.id, key])
  }
  if ('prepare' in db) write()
  else sql.transaction(write)
}

/**
 * A database seeded by an earlier version holds demo executions of workflows the demo engine no
 * longer defines (`sdr@1`, `content@1`, …): they are moved to the workflows that now run them —
 * the same steps under new names — and the outside service's to no workflow, so a retry reruns
 * them. (Their history keeps its old shape; a fresh database gets the consistent one.) Touches
 * only rows that name those old definitions; does nothing the second time.
 */
export function upgradeDemoHistory(db: Database | Writer): number {
  const sql = onConnection(db)
  const renamed: [from: string, to: string | null, when?: string][] = [
    ['sdr@1', 'sdr-outreach@1'],
    ['content@1', 'content-generation@1'],
    ['integration@1', 'crm-sync@1'],
    ['data-analysis@1', 'quarterly-analysis@1'],
    ['support-triage@1', null],
    // The old ten-batch history, not the thousand-step demo batch that shares its id.
    ['batch-processing@1', 'nightly-import@1', `EXISTS (SELECT 1 FROM "ExecutionStep" s WHERE s."executionId" = "Execution"."id" AND s."stepId" = 'process-batch-1')`],
  ]
  // A database upgraded before (or never seeded by an earlier version) holds none of the old
  // definitions: stop here, rather than scan every execution at each start (12 s over 1,000,000).
  const old = renamed.filter(([from]) => from !== 'batch-processing@1').map(([from]) => from)
  if (!sql.get(`SELECT 1 FROM "WorkflowDefinition" WHERE "id" IN (${old.map(() => '?').join(', ')})`, old)) return 0
  let moved = 0
  sql.transaction(() => {
    for (const [from, to, when] of renamed) {
      if (to && !sql.get('SELECT 1 FROM "WorkflowDefinition" WHERE "id" = ?', [to])) continue
      moved += sql.run(`UPDATE "Execution" SET "workflowDefinitionId" = ? WHERE "workflowDefinitionId" = ?${when ? ` AND ${when}` : ''}`, [to, from]).changes
      if (from !== 'batch-processing@1')
        sql.run('DELETE FROM "WorkflowDefinition" WHERE "id" = ? AND NOT EXISTS (SELECT 1 FROM "Execution" WHERE "workflowDefinitionId" = ?)', [from, from])
    }
  })
  return moved
}
