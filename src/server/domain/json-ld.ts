// Seed 001's Schema.org mapping: a ServiceExecution is also a schema.org/Action, served as JSON-LD
// when a request's Accept prefers application/ld+json (docs/api.md). Pure: content negotiation and
// the mapping, no I/O.
import type { ExecutionStatus } from './lifecycle'
import type { ServiceExecution } from './execution'

export const JSON_MEDIA_TYPE = 'application/json'
export const JSON_LD_MEDIA_TYPE = 'application/ld+json'

interface MediaRange {
  type: string
  subtype: string
  q: number
}

function parseAccept(accept: string): MediaRange[] {
  const ranges: MediaRange[] = []
  for (const part of accept.split(',')) {
    const [range, ...params] = part.split(';').map((s) => s.trim())
    const [type, subtype] = (range ?? '').toLowerCase().split('/')
    if (!type || !subtype) continue
    let q = 1
    for (const param of params) {
      const [name, value] = param.split('=').map((s) => s.trim())
      if (name?.toLowerCase() !== 'q' || value === undefined) continue
      const parsed = /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(value) ? Number(value) : NaN
      // A malformed q is not a preference: the range is ignored, as if it were not sent.
      q = Number.isNaN(parsed) ? -1 : parsed
    }
    if (q >= 0) ranges.push({ type, subtype, q })
  }
  return ranges
}

/**
 * Which of `offered` (in the server's order of preference) an Accept header asks for (RFC 9110
 * §12.5.1): each offered type takes the q of the most specific range that matches it (type/subtype
 * over type/* over *\/*); the highest q wins, a tie goes to the first offered. No Accept, or one
 * that accepts none of them, gets the first offered — the API answers JSON rather than 406.
 */
export function negotiate<T extends string>(accept: string | null | undefined, offered: readonly [T, ...T[]]): T {
  if (!accept || !accept.trim()) return offered[0]
  const ranges = parseAccept(accept)
  let best: { type: T; q: number } | undefined
  for (const candidate of offered) {
    const [type, subtype] = candidate.split('/') as [string, string]
    let match: { specificity: number; q: number } | undefined
    for (const r of ranges) {
      const specificity = r.type === type && r.subtype === subtype ? 2 : r.type === type && r.subtype === '*' ? 1 : r.type === '*' && r.subtype === '*' ? 0 : -1
      if (specificity < 0) continue
      if (!match || specificity > match.specificity) match = { specificity, q: r.q }
    }
    if (match && match.q > 0 && (!best || match.q > best.q)) best = { type: candidate, q: match.q }
  }
  return best?.type ?? offered[0]
}

/** Whether a request asks for an execution as JSON-LD rather than the console's JSON. */
export const wantsJsonLd = (accept: string | null | undefined) => negotiate(accept, [JSON_MEDIA_TYPE, JSON_LD_MEDIA_TYPE]) === JSON_LD_MEDIA_TYPE

export type ActionStatus = 'PotentialActionStatus' | 'ActiveActionStatus' | 'CompletedActionStatus' | 'FailedActionStatus'

/**
 * The lifecycle's statuses as schema.org ActionStatusType. Paused and retry are still under way
 * (they resume or run again), so Active; cancelled is an action that did not complete, so Failed,
 * with an `error` that says it was cancelled and why. The console's own status stays in `status`.
 */
export const ACTION_STATUS: Readonly<Record<ExecutionStatus, ActionStatus>> = {
  queued: 'PotentialActionStatus',
  starting: 'ActiveActionStatus',
  running: 'ActiveActionStatus',
  paused: 'ActiveActionStatus',
  retry: 'ActiveActionStatus',
  completed: 'CompletedActionStatus',
  failed: 'FailedActionStatus',
  cancelled: 'FailedActionStatus',
}

/** The assignee's kind as a schema.org type: a person, a team, or software (an AI agent, a system). */
export const AGENT_TYPE = { human: 'Person', hybrid: 'Organization', 'ai-agent': 'SoftwareApplication', system: 'SoftwareApplication' } as const

/** The console's own terms beside schema.org's: its status, progress and a result's output. */
const CONTEXT = [
  'https://schema.org',
  {
    ec: 'urn:execution-console:',
    nextCursor: 'ec:nextCursor',
    status: 'ec:status',
    progress: 'ec:progress',
    priority: 'ec:priority',
    success: 'ec:success',
    output: { '@id': 'ec:output', '@type': '@json' },
    recoverable: 'ec:recoverable',
    retryCount: 'ec:retryCount',
    step: 'ec:step',
  },
] as const

type Node = Record<string, unknown>
const defined = (node: Node): Node => Object.fromEntries(Object.entries(node).filter(([, v]) => v !== undefined))

/**
 * An execution as a schema.org/Action (seed 001's mapping: actionStatus ← status, agent ←
 * assignee, result ← result, startTime ← metrics.startedAt, endTime ← metrics.completedAt, error
 * ← error). `origin`: the console's address; `@id` is the execution's page there, `object` its
 * order and `instrument` its service, each at its API address.
 */
export function executionToAction(execution: ServiceExecution, origin: string): Node {
  const base = origin.replace(/\/+$/, '')
  const at = (path: string, id: string) => `${base}${path}/${encodeURIComponent(id)}`
  const a = execution.assignee
  const agent = a
    ? defined({
        '@type': AGENT_TYPE[a.type],
        identifier: a.id,
        name: a.name,
        // An AI agent's model is the software's version (claude-sonnet-4.5).
        softwareVersion: a.type === 'ai-agent' || a.type === 'system' ? (a.model ?? a.version) : undefined,
      })
    : undefined
  const r = execution.result
  const result = r
    ? defined({
        '@type': 'Thing',
        description: r.summary,
        success: r.success,
        output: r.output ?? null,
        url: r.artifacts?.length ? r.artifacts : undefined,
      })
    : undefined
  const e = execution.error
  const error =
    execution.status === 'cancelled'
      ? defined({ '@type': 'Thing', name: 'CANCELLED', description: execution.cancelReason ? `cancelled: ${execution.cancelReason}` : 'cancelled' })
      : e && execution.status === 'failed'
        ? defined({ '@type': 'Thing', name: e.code, description: e.message, step: e.step, recoverable: e.recoverable, retryCount: e.retryCount })
        : undefined
  return defined({
    '@context': CONTEXT,
    '@type': 'Action',
    '@id': at('/executions', execution.$id),
    identifier: execution.$id,
    url: at('/executions', execution.$id),
    actionStatus: `https://schema.org/${ACTION_STATUS[execution.status]}`,
    status: execution.status,
    progress: execution.progress,
    priority: execution.priority,
    agent,
    object: { '@type': 'Order', '@id': at('/api/orders', execution.order), orderNumber: execution.order },
    instrument: { '@type': 'Service', '@id': at('/api/services', execution.service), identifier: execution.service },
    result,
    startTime: execution.metrics?.startedAt,
    endTime: execution.metrics?.completedAt,
    error,
  })
}

/** A page of executions as a schema.org/ItemList of Actions (one context for the lot); `nextCursor` pages on as in JSON. */
export function executionsToItemList(page: { items: readonly ServiceExecution[]; nextCursor: string | null }, origin: string): Node {
  return {
    '@context': CONTEXT,
    '@type': 'ItemList',
    numberOfItems: page.items.length,
    itemListElement: page.items.map((execution, i) => {
      const { '@context': _context, ...item } = executionToAction(execution, origin)
      return { '@type': 'ListItem', position: i + 1, item }
    }),
    nextCursor: page.nextCursor,
  }
}
