// Registering task definitions (seed 003) and workflow templates (seed 004) as data, and reading
// them back: what a team does to run its own work on the engine (docs/workflows.md). A published
// version never changes: the same definition sent again answers the stored one, a changed task
// definition needs a new version, and a changed template becomes the workflow's next version.
import { isDeepStrictEqual } from 'node:util'
import semver from 'semver'
import { requirementProblem } from '../domain/resources'
import type { Writer } from '../db/writer'
import { open, seal } from '../security/crypto'
import { dependenciesOfStep, templateProblems, type TaskDefinitionInput, type TemplateStep, type WorkflowTemplateInput } from '../domain/templates'
import { newId } from './ids'
import { launchSchemaOf } from '../domain/replay'
import type { JsonSchema } from '../domain/json-schema'
import { notFound, ServiceError } from './errors'

/** A task definition version as the API answers it (seed 003's TaskDefinition). */
export interface TaskDefinition extends Omit<TaskDefinitionInput, 'description'> {
  $type: 'TaskDefinition'
  $id: string
  description: string
  organization: string
  createdAt: string
  updatedAt: string
}

interface TaskRow {
  id: string
  organizationId: string
  key: string
  version: string
  name: string
  description: string
  type: string
  inputSchema: string
  outputSchema: string
  timeoutMs: number
  retryPolicy: string | null
  executionConfig: string
  resources: string | null
  metadata: string | null
  createdAt: number
}

const TASK_COLUMNS = `"id", "organizationId", "key", "version", "name", "description", "type", "inputSchema", "outputSchema", "timeoutMs", "retryPolicy", "executionConfig", "resources", "metadata", "createdAt"`

function taskOf(row: TaskRow): TaskDefinition {
  const at = new Date(row.createdAt).toISOString()
  return {
    $type: 'TaskDefinition',
    $id: row.id,
    id: row.key,
    version: row.version,
    name: row.name,
    description: row.description,
    type: row.type as TaskDefinition['type'],
    inputSchema: JSON.parse(row.inputSchema),
    outputSchema: JSON.parse(row.outputSchema),
    timeout: row.timeoutMs,
    ...(row.retryPolicy ? { retryPolicy: JSON.parse(row.retryPolicy) } : {}),
    executionConfig: JSON.parse(open(row.executionConfig) as string),
    ...(row.resources ? { resources: JSON.parse(row.resources) } : {}),
    ...(row.metadata ? { metadata: JSON.parse(row.metadata) } : {}),
    organization: row.organizationId,
    createdAt: at,
    updatedAt: at, // immutable: a change is a new version
  }
}

/** What a task definition version is, without where and when it was stored: two registrations are the same when this is. */
const taskContent = (t: Omit<TaskDefinition, '$type' | '$id' | 'organization' | 'createdAt' | 'updatedAt'> | TaskDefinitionInput) => ({
  id: t.id,
  version: t.version,
  name: t.name,
  description: t.description ?? '',
  type: t.type,
  inputSchema: t.inputSchema,
  outputSchema: t.outputSchema,
  timeout: t.timeout,
  retryPolicy: t.retryPolicy ?? null,
  executionConfig: t.executionConfig,
  resources: t.resources ?? null,
  metadata: t.metadata ?? null,
})

/** A workflow version as stored: the engine's summary of its steps, and the template it came from. */
interface WorkflowRow {
  id: string
  key: string
  version: number
  serviceId: string | null
  organizationId: string | null
  template: string | null
}

export function createDefinitionService(w: Writer, now: () => number = Date.now) {
  const taskVersions = (organizationId: string, key: string) =>
    w.all<{ version: string }>('SELECT "version" FROM "TaskDefinition" WHERE "organizationId" = ? AND "key" = ?', [organizationId, key]).map((r) => r.version)

  return {
    /**
     * Stores a task definition version in `organizationId`. The same version sent again with the
     * same content answers the stored one (`created: false`); with other content it is refused.
     */
    registerTask(input: TaskDefinitionInput, organizationId: string, by: string | null): { definition: TaskDefinition; created: boolean } {
      return w.transaction(() => {
        const existing = w.get<TaskRow>(`SELECT ${TASK_COLUMNS} FROM "TaskDefinition" WHERE "organizationId" = ? AND "key" = ? AND "version" = ?`, [
          organizationId,
          input.id,
          input.version,
        ])
        if (existing) {
          const stored = taskOf(existing)
          if (isDeepStrictEqual(taskContent(stored), taskContent(input))) return { definition: stored, created: false }
          const newest = semver.rsort(taskVersions(organizationId, input.id))[0]!
          throw new ServiceError(
            'CONFLICT',
            `task definition ${input.id}@${input.version} is published and cannot change; register the change as a new version (newest: ${newest}, next e.g. ${semver.inc(newest, 'patch')})`,
            'version',
          )
        }
        // A requirement no resource of the organisation can ever meet is refused, as a template step's is.
        input.resources?.forEach((r, i) => {
          const problem = requirementProblem(
            r,
            w.get<{ capacity: number; unit: string }>('SELECT "capacity", "unit" FROM "Resource" WHERE "organizationId" = ? AND "type" = ?', [organizationId, r.type]),
          )
          if (problem) throw new ServiceError('BAD_REQUEST', `resources[${i}]: ${problem}`, `resources[${i}]`)
        })
        const at = now()
        const id = newId('task', at)
        w.run(`INSERT INTO "TaskDefinition" (${TASK_COLUMNS}, "createdBy") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
          id,
          organizationId,
          input.id,
          input.version,
          input.name,
          input.description,
          input.type,
          JSON.stringify(input.inputSchema),
          JSON.stringify(input.outputSchema),
          input.timeout,
          input.retryPolicy ? JSON.stringify(input.retryPolicy) : null,
          seal(JSON.stringify(input.executionConfig)),
          input.resources?.length ? JSON.stringify(input.resources) : null,
          input.metadata ? JSON.stringify(input.metadata) : null,
          at,
          by,
        ])
        return { definition: taskOf(w.get<TaskRow>(`SELECT ${TASK_COLUMNS} FROM "TaskDefinition" WHERE "id" = ?`, [id])!), created: true }
      })
    },

    /** The task definitions of these organisations: every version, or the newest of each key (`latest`). */
    listTasks(organizations: readonly string[], filter: { id?: string; latest?: boolean } = {}): TaskDefinition[] {
      if (organizations.length === 0) return []
      const rows = w.all<TaskRow>(
        `SELECT ${TASK_COLUMNS} FROM "TaskDefinition" WHERE "organizationId" IN (${organizations.map(() => '?').join(', ')})${filter.id ? ' AND "key" = ?' : ''} ORDER BY "key", "organizationId"`,
        [...organizations, ...(filter.id ? [filter.id] : [])],
      )
      const sorted = rows.sort((a, b) => a.key.localeCompare(b.key) || a.organizationId.localeCompare(b.organizationId) || semver.rcompare(a.version, b.version))
      const kept = filter.latest ? sorted.filter((r, i) => i === 0 || r.key !== sorted[i - 1]!.key || r.organizationId !== sorted[i - 1]!.organizationId) : sorted
      return kept.map(taskOf)
    },

    /** One version of a task definition (its newest when `version` is omitted or a range), in these organisations. */
    getTask(key: string, version: string | undefined, organizations: readonly string[]): TaskDefinition {
      for (const organizationId of organizations) {
        const versions = taskVersions(organizationId, key)
        const chosen = version === undefined ? semver.rsort(versions)[0] : (semver.maxSatisfying(versions, version) ?? undefined)
        if (chosen)
          return taskOf(w.get<TaskRow>(`SELECT ${TASK_COLUMNS} FROM "TaskDefinition" WHERE "organizationId" = ? AND "key" = ? AND "version" = ?`, [organizationId, key, chosen])!)
      }
      throw notFound('task definition', version ? `${key}@${version}` : key)
    },

    /**
     * Stores a workflow template as the workflow's next version (version 1 for a new key), or
     * answers the newest version when it is the same template (`created: false`). The service must
     * be one these organisations provide; a key stays with the organisation that registered it.
     * Refused with every reason it cannot be stored, each naming its step.
     */
    registerTemplate(input: WorkflowTemplateInput, organizations: readonly string[]): { id: string; version: number; created: boolean } {
      return w.transaction(() => {
        const service = w.get<{ providerId: string | null }>('SELECT "providerId" FROM "Service" WHERE "id" = ?', [input.service])
        if (!service) throw new ServiceError('BAD_REQUEST', `service: no service "${input.service}"`, 'service')
        if (!service.providerId || !organizations.includes(service.providerId))
          throw new ServiceError(
            'FORBIDDEN',
            `service: "${input.service}" is not provided by an organisation where you may define workflows (${organizations.join(', ') || 'none'})`,
          )
        const organizationId = service.providerId
        const latest = w.get<WorkflowRow>(
          'SELECT "id", "key", "version", "serviceId", "organizationId", "template" FROM "WorkflowDefinition" WHERE "key" = ? ORDER BY "version" DESC LIMIT 1',
          [input.id],
        )
        if (latest && latest.organizationId !== organizationId)
          throw new ServiceError('CONFLICT', `workflow "${input.id}" belongs to ${latest.organizationId ? 'another organisation' : 'the console'}; choose another id`, 'id')

        const problems = templateProblems(input, {
          taskVersions: (task) => taskVersions(organizationId, task),
          // Its own workflows and the console's: another team's are not there to start.
          workflowExists: (key) =>
            !!w.get('SELECT 1 AS hit FROM "WorkflowDefinition" WHERE "key" = ? AND ("organizationId" IS NULL OR "organizationId" = ?) LIMIT 1', [key, organizationId]),
          childWorkflowsOf: (key) => {
            const newest = w.get<{ template: string | null }>(
              'SELECT "template" FROM "WorkflowDefinition" WHERE "key" = ? AND ("organizationId" IS NULL OR "organizationId" = ?) ORDER BY "version" DESC LIMIT 1',
              [key, organizationId],
            )
            const steps = newest?.template ? (JSON.parse(newest.template) as WorkflowTemplateInput).steps : []
            return steps.flatMap((s) => (s.type === 'sys.sub_workflow' && s.workflow ? [s.workflow] : []))
          },
          taskElsewhere: (task) => organizations.find((o) => o !== organizationId && taskVersions(o, task).length > 0) ?? null,
          resource: (type) =>
            w.get<{ capacity: number; unit: string }>('SELECT "capacity", "unit" FROM "Resource" WHERE "organizationId" = ? AND "type" = ?', [organizationId, type]),
        })
        if (problems.length > 0) {
          const refusal = new ServiceError('BAD_REQUEST', `workflow template ${input.id}: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, problems[0]!.path)
          throw Object.assign(refusal, { issues: problems })
        }
        // Task versions are pinned now: a running workflow's steps never change under it.
        const template: WorkflowTemplateInput = {
          ...input,
          steps: input.steps.map((s) => (s.type === 'task' ? { ...s, taskVersion: semver.maxSatisfying(taskVersions(organizationId, s.task!), s.taskVersion ?? '*')! } : s)),
        }
        if (latest?.template && isDeepStrictEqual(JSON.parse(latest.template), JSON.parse(JSON.stringify(template))))
          return { id: latest.id, version: latest.version, created: false }
        // A version recorded without its template (the catalog's record of the demo's workflows,
        // which executions of the seeded history name) takes the first template of the same steps:
        // those executions become runnable — a retry runs them — rather than stranded on an empty version.
        if (latest && latest.template === null && latest.organizationId === organizationId) {
          const recorded = w.get<{ definition: string | null }>('SELECT "definition" FROM "WorkflowDefinition" WHERE "id" = ?', [latest.id])
          const recordedSteps = (JSON.parse(recorded?.definition ?? '{}') as { steps?: { id: string }[] }).steps?.map((s) => s.id) ?? []
          if (
            isDeepStrictEqual(
              recordedSteps,
              template.steps.map((s) => s.id),
            )
          ) {
            // Registered now: what the Definitions page dates is the template, not the record before it.
            w.run('UPDATE "WorkflowDefinition" SET "template" = ?, "definition" = ?, "name" = ?, "description" = ?, "createdAt" = ? WHERE "id" = ?', [
              JSON.stringify(template),
              JSON.stringify(summaryOf(template)),
              input.name,
              input.description ?? null,
              now(),
              latest.id,
            ])
            return { id: latest.id, version: latest.version, created: true }
          }
        }
        const version = (latest?.version ?? 0) + 1
        const id = `${input.id}@${version}`
        w.run(
          'INSERT INTO "WorkflowDefinition" ("id", "key", "version", "name", "description", "serviceId", "definition", "template", "organizationId", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
          [id, input.id, version, input.name, input.description ?? null, input.service, JSON.stringify(summaryOf(template)), JSON.stringify(template), organizationId, now()],
        )
        return { id, version, created: true }
      })
    },

    /**
     * What the launchpad draws for a workflow these organisations may start: its versions (newest
     * first), the chosen one (default the newest) and the schema its input is checked against
     * (domain/replay.ts launchSchemaOf), or null when any object is accepted.
     */
    launchForm(key: string, version: number | undefined, organizations: readonly string[]) {
      const rows = w.all<WorkflowRow & { name: string; description: string | null }>(
        'SELECT "id", "key", "version", "name", "description", "serviceId", "organizationId", "template" FROM "WorkflowDefinition" WHERE "key" = ? ORDER BY "version" DESC',
        [key],
      )
      const visible = rows.filter((r) => r.organizationId === null || organizations.includes(r.organizationId))
      const chosen = version === undefined ? visible[0] : visible.find((r) => r.version === version)
      if (!chosen) throw notFound('workflow', version === undefined ? key : `${key}@${version}`)
      const template = chosen.template ? (JSON.parse(chosen.template) as WorkflowTemplateInput) : null
      const launch = template
        ? launchSchemaOf(template, (task, taskVersion) => {
            const row = w.get<{ inputSchema: string }>('SELECT "inputSchema" FROM "TaskDefinition" WHERE "organizationId" = ? AND "key" = ? AND "version" = ?', [
              chosen.organizationId,
              task,
              taskVersion,
            ])
            return row ? (JSON.parse(row.inputSchema) as JsonSchema) : undefined
          })
        : { schema: null, source: 'none' as const }
      return {
        id: chosen.id,
        key: chosen.key,
        version: chosen.version,
        name: chosen.name,
        description: chosen.description,
        service: chosen.serviceId,
        versions: visible.map((r) => r.version),
        schema: launch.schema,
        schemaSource: launch.source,
        ...(launch.source === 'task' ? { schemaTask: launch.task } : {}),
      }
    },

    /**
     * Templates these organisations may read (the console's own and their teams'), by key, newest
     * version first; `latest` keeps the newest of each key.
     */
    templates(organizations: readonly string[], filter: { id?: string; latest?: boolean } = {}) {
      const rows = w.all<WorkflowRow>(
        `SELECT "id", "key", "version", "serviceId", "organizationId", "template" FROM "WorkflowDefinition" WHERE ("organizationId" IS NULL${organizations.length ? ` OR "organizationId" IN (${organizations.map(() => '?').join(', ')})` : ''})${filter.id ? ' AND "key" = ?' : ''} ORDER BY "key", "version" DESC`,
        [...organizations, ...(filter.id ? [filter.id] : [])],
      )
      const kept = filter.latest ? rows.filter((r, i) => i === 0 || r.key !== rows[i - 1]!.key) : rows
      return kept.map((r) => ({ id: r.id, version: r.version, organization: r.organizationId, template: r.template ? (JSON.parse(r.template) as WorkflowTemplateInput) : null }))
    },

    /** A workflow's template (a version id, or a key for its newest version); null for a workflow compiled into the console. */
    template(idOrKey: string): { id: string; version: number; organization: string | null; template: WorkflowTemplateInput | null } {
      const row = w.get<WorkflowRow>(
        'SELECT "id", "key", "version", "serviceId", "organizationId", "template" FROM "WorkflowDefinition" WHERE "id" = ? OR "key" = ? ORDER BY ("id" = ?) DESC, "version" DESC LIMIT 1',
        [idOrKey, idOrKey, idOrKey],
      )
      if (!row) throw notFound('workflow', idOrKey)
      return { id: row.id, version: row.version, organization: row.organizationId, template: row.template ? JSON.parse(row.template) : null }
    },
  }
}

export type DefinitionService = ReturnType<typeof createDefinitionService>

/** The engine's summary of a template's steps (what the console shows of any workflow). */
function summaryOf(template: WorkflowTemplateInput) {
  return {
    steps: template.steps.map((s: TemplateStep, i) => ({
      id: s.id,
      name: s.name ?? s.id,
      type: s.type,
      assignee: s.type === 'human' ? (s.assignee ?? { type: 'human' }) : s.type === 'task' ? { type: 'system', name: s.task } : { type: 'system' },
      dependsOn: dependenciesOfStep(template.steps, i),
      condition: s.condition !== undefined,
      disabled: false,
      activation: s.activation !== undefined,
      retryPolicy: s.retryPolicy,
      timeout: s.timeout,
      subWorkflow: s.type === 'sys.sub_workflow',
      ...(s.type === 'task' ? { task: s.task, taskVersion: s.taskVersion } : {}),
    })),
    retryPolicy: template.retryPolicy,
    timeout: template.timeout,
    recovery: Object.fromEntries(Object.entries(template.recovery ?? {}).map(([code, r]) => [code, r.action])),
  }
}
