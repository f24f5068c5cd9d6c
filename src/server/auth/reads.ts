// An execution's reads as a principal makes them: only its organisations' executions (another's
// is "not found"), and the views of one execution's detail, steps, logs or results audited (once
// per sitting: see recordView).
import type { AppServices } from '../context'
import type { Principal } from '../domain/access'
import type { QueryService, StepRange } from '../services/queries'

type Q = QueryService

export function readsOf(services: Pick<AppServices, 'queries' | 'access'>, principal: Principal) {
  const { queries, access } = services
  const orgs = principal.organizations
  const viewed = async <T>(action: string, id: string, read: Promise<T>): Promise<T> => {
    const value = await read
    access.audit.recordView(principal, action, id)
    return value
  }
  return {
    get: (id: string) => viewed('execution.view', id, queries.get(id, orgs)),
    /** The execution without its steps (a live page's re-read): the same view as get. */
    summary: (id: string) => viewed('execution.view', id, queries.summary(id, orgs)),
    steps: (id: string, only?: readonly string[] | StepRange) => viewed('execution.steps.view', id, queries.steps(id, orgs, only)),
    logs: (id: string, q: Parameters<Q['logs']>[1]) => viewed('execution.logs.view', id, queries.logs(id, q, orgs)),
    events: (id: string, q: Parameters<Q['events']>[1]) => viewed('execution.events.view', id, queries.events(id, q, orgs)),
    metrics: (id: string) => viewed('execution.metrics.view', id, queries.metrics(id, orgs)),
    checkpoints: (id: string) => viewed('execution.checkpoints.view', id, queries.checkpoints(id, orgs)),
    webhooks: (id: string) => viewed('execution.webhooks.view', id, queries.webhooks(id, orgs)),
    /** The start of a live watch counts as a view of the execution. */
    watch: (id: string) => viewed('execution.watch', id, queries.get(id, orgs)),
    list: (input: Parameters<Q['list']>[0]) => queries.list(input, orgs),
    listRows: (input: Parameters<Q['listRows']>[0]) => queries.listRows(input, orgs),
    count: (filter: Parameters<Q['count']>[0]) => queries.count(filter, orgs),
    ids: (filter: Parameters<Q['ids']>[0], limit: number) => queries.ids(filter, limit, orgs),
    find: (input: Parameters<Q['find']>[0]) => queries.find(input, orgs),
    analytics: (input: Parameters<Q['analytics']>[0]) => queries.analytics(input, orgs),
    analyticsBreakdown: (input: Parameters<Q['analyticsBreakdown']>[0]) => queries.analyticsBreakdown(input, orgs),
  }
}

export type Reads = ReturnType<typeof readsOf>
