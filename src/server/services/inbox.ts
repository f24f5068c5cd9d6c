// The reviewer inbox: every step waiting on a person, across the executions a reader sees, the
// soonest due first (then the longest waiting), with the assignees and services to filter by.
// A partial index holds only such steps (prisma/schema.prisma), so it reads a handful of rows
// however many steps the table holds.
import type { ExecutionStep as StepRow } from '@/generated/prisma/client'
import type { Reader } from '../db/reader'
import { sqlInteger } from '../db/statements'
import { fromSql } from '../db/rows'
import { visibleSql } from '../domain/access'
import type { ExecutionStep } from '../domain/execution'
import { serializeStep } from './serialize'

/** A request's organisations; undefined for the console's own reads. */
type Access = readonly string[] | undefined

export interface InboxInput {
  service?: string
  /** An assignee's id or name, as the step's assignee gives it. */
  assignee?: string
  limit?: number
}

export interface InboxItem {
  executionId: string
  service: string
  executionStatus: string
  step: ExecutionStep
}

/** The index's condition, written as it is so SQLite uses it. */
const AWAITING = `s."status" = 'running' AND (s."type" = 'human' OR s."assigneeType" = 'human') AND s."type" IS DISTINCT FROM 'task'`

export function createInbox(reader: Reader, now: () => number = Date.now) {
  return {
    awaiting(input: InboxInput, organizations: Access): { items: InboxItem[]; assignees: string[]; services: string[] } {
      const visible = organizations ? visibleSql(organizations, 'x') : { sql: '1', params: [] as string[] }
      const scope = `FROM "ExecutionStep" s JOIN "Execution" x ON x."id" = s."executionId" WHERE ${AWAITING} AND ${visible.sql}`
      const filters: string[] = []
      const params: unknown[] = [...visible.params]
      if (input.service) {
        filters.push('x."serviceId" = ?')
        params.push(input.service)
      }
      if (input.assignee) {
        filters.push(`(s."assignee" ->> 'id' = ? OR s."assignee" ->> 'name' = ?)`)
        params.push(input.assignee, input.assignee)
      }
      const rows = reader.all<Record<string, unknown> & { serviceId: string; executionStatus: string }>(
        `SELECT s.*, x."serviceId" AS "serviceId", x."status" AS "executionStatus" ${scope} ${filters.map((f) => `AND ${f}`).join(' ')}
         ORDER BY s."dueAt" IS NULL, s."dueAt", s."startedAt" LIMIT ${sqlInteger(Math.min(Math.max(input.limit ?? 200, 1), 500))}`,
        params,
      )
      const at = now()
      const items = rows.map(({ serviceId, executionStatus, ...raw }) => {
        const step = fromSql<StepRow>('ExecutionStep', raw)
        return { executionId: step.executionId, service: serviceId, executionStatus, step: serializeStep(step, undefined, at) }
      })
      // What the filters may choose from: every awaiting step's, not only this page's.
      const facets = reader.all<{ assignee: string | null; serviceId: string }>(
        `SELECT DISTINCT coalesce(s."assignee" ->> 'name', s."assignee" ->> 'id') AS assignee, x."serviceId" AS "serviceId" ${scope} LIMIT 1000`,
        visible.params,
      )
      return {
        items,
        assignees: [...new Set(facets.map((f) => f.assignee).filter((a): a is string => !!a))].sort(),
        services: [...new Set(facets.map((f) => f.serviceId))].sort(),
      }
    },
  }
}

export type Inbox = ReturnType<typeof createInbox>
