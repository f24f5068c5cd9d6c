// The fields of an execution a caller may set besides its status (PUT: docs/api.md), the tags,
// and the metadata split: `environment` and `version` are columns, the rest is sealed metadata.
import type { Execution as ExecutionRow } from '@/generated/prisma/client'
import type { Writer } from '../../db/writer'
import type { UpdateExecutionInput } from '../../domain/schemas'
import { mergedMetadata, sealJson } from '../../security/crypto'
import type { Fields } from './tables'

/**
 * Metadata as stored: environment and version in their own columns; the times a caller may send
 * are the execution's own, not metadata; the rest stays metadata.
 */
export function splitMetadata(metadata: Record<string, unknown>) {
  const { environment, version, createdAt: _c, updatedAt: _u, startedAt: _s, completedAt: _d, ...extra } = metadata
  return { environment: typeof environment === 'string' ? environment : undefined, appVersion: typeof version === 'string' ? version : undefined, extra }
}

/** Writes an execution's tags (replacing those it had when `replace`), in SQLite's BINARY order. */
export function writeTags(w: Writer, executionId: string, tags: readonly string[], replace = false): string[] {
  if (replace) w.run('DELETE FROM "ExecutionTag" WHERE "executionId" = ?', [executionId])
  const sorted = [...new Set(tags)].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
  for (const tag of sorted) w.run('INSERT INTO "ExecutionTag" ("executionId", "tag") VALUES (?, ?)', [executionId, tag])
  return sorted
}

/** The columns a PUT changes besides the status, and the names of the fields it set (for `execution.updated`). */
export function fieldsChange(w: Writer, row: Pick<ExecutionRow, 'id' | 'metadata'>, input: UpdateExecutionInput): { data: Fields; fields: string[] } {
  const data: Fields = {}
  const fields: string[] = []
  // A field the caller sent: its column and value, and its name in `execution.updated`.
  const set = (field: string, column: string, value: unknown) => {
    data[column] = value
    fields.push(field)
  }
  if (input.progress !== undefined) {
    set('progress', 'progress', input.progress)
    data.progressReported = true // (it stands against step changes from now: steps.ts, totalsOf)
  }
  if (input.priority !== undefined) set('priority', 'priority', input.priority)
  if (input.timeout !== undefined) set('timeout', 'timeoutMs', input.timeout)
  if (input.retryPolicy !== undefined) set('retryPolicy', 'retryPolicy', input.retryPolicy)
  if (input.context !== undefined) set('context', 'context', sealJson(input.context))
  if (input.assignee !== undefined) {
    data.assigneeType = input.assignee?.type ?? null
    data.assigneeId = input.assignee?.id ?? null
    data.assignee = input.assignee
    fields.push('assignee')
  }
  if (input.metadata !== undefined) {
    const { environment, appVersion, extra } = splitMetadata(input.metadata)
    if (environment !== undefined) data.environment = environment
    if (appVersion !== undefined) data.appVersion = appVersion
    data.metadata = mergedMetadata(row.metadata, extra)
    fields.push('metadata')
  }
  if (input.tags !== undefined) {
    writeTags(w, row.id, input.tags, true)
    fields.push('tags')
  }
  return { data, fields }
}
