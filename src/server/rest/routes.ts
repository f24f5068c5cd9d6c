// What every REST route is made of: its permission (admitted through the one front door), its
// documented answers, and for a POST the Idempotency-Key. Route files (app.ts, definitions.ts)
// declare routes with these, so each answers alike.
import { createRoute, type RouteConfig } from '@hono/zod-openapi'
import type { Context, MiddlewareHandler } from 'hono'
import { z } from 'zod'
import type { Permission } from '../domain/access'
import type { Gate } from '../http/gate'
import type { Scope } from '../http/scope'
import type { IdempotencyStore } from '../services/idempotency'
import { errorResponseSchema } from '../domain/contracts'
import { ServiceError } from '../services/errors'

/** `idempotencyKey`: the request's Idempotency-Key, by its principal, when it sent one with a POST. */
export type Env = { Variables: { gate: Gate; scope: Scope; idempotency: IdempotencyStore; idempotencyKey?: { principal: string; key: string } } }

export const idParam = z.object({ id: z.string().min(1).max(200) })
export const stepParam = idParam.extend({ stepId: z.string().min(1).max(200) })
export const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description })
export const errors = {
  400: json(errorResponseSchema, 'Invalid input; `field` names what was wrong'),
  401: json(errorResponseSchema, 'Neither signed in nor an API key (Authorization: Bearer eck_…)'),
  403: json(errorResponseSchema, 'The role or key scope does not allow it, or a signed-in change came from another site'),
  404: json(errorResponseSchema, 'No such execution (or one of another organisation)'),
  409: json(errorResponseSchema, 'The lifecycle, an expectedStatus or an expectedVersion refused the change'),
  413: json(errorResponseSchema, 'Body larger than 1 MiB'),
  415: json(errorResponseSchema, 'A body that is not JSON'),
  429: {
    ...json(errorResponseSchema, "Past the API key's rate; Retry-After says when to try again"),
    headers: z.object({ 'Retry-After': z.string().describe('Seconds to wait before trying again') }),
  },
}
export const idempotencyHeader = z.object({
  'idempotency-key': z.string().optional().describe('Done once: a retry with the same key and body gets the first answer (Idempotent-Replayed: true); kept an hour, per principal'),
})
export const body = <T extends z.ZodType>(schema: T) => ({ body: { content: { 'application/json': { schema } }, required: true } })
export const optionalBody = <T extends z.ZodType>(schema: T) => ({ body: { content: { 'application/json': { schema } }, required: false } })
export const ok = (schema: z.ZodType, description: string) => ({ 200: json(schema, description) })

/** The query of a route that takes no parameters (rest/query-string.ts words the refusal). */
const noQuery = z.strictObject({})

/** Lets the request in with `need` and hands the route its scope. */
export const admit =
  (need: Permission): MiddlewareHandler<Env> =>
  async (c, next) => {
    c.set('scope', await c.get('gate').admit(need))
    await next()
  }

/** A POST with an Idempotency-Key is done once: its retries get the first answer (docs/api.md). */
const idempotent: MiddlewareHandler<Env> = async (c, next) => {
  const key = c.req.header('idempotency-key')
  const principal = c.get('gate').principal
  if (key === undefined || !principal) return next()
  const store = c.get('idempotency')
  const id = { principal: `${principal.kind}:${principal.id}`, key }
  const started = store.begin({ ...id, organizations: principal.organizations, method: 'POST', path: new URL(c.req.url).pathname, body: await c.req.raw.clone().text() })
  const replayed = { 'Idempotent-Replayed': 'true' }
  if (started.kind === 'replay') return c.json(started.body, started.status as 201, replayed)
  if (started.kind === 'execution') return c.json(await c.get('scope').reads.get(started.executionId), started.status as 201, replayed)
  c.set('idempotencyKey', id)
  try {
    await next()
  } finally {
    const answered = c.res
    store.finish(id, answered.status, answered.ok ? await answered.clone().json() : null)
  }
}

/**
 * A route, with the permission it needs; a route whose body is optional takes an empty body as
 * "no options", whatever its content type says.
 */
export function route<R extends Omit<RouteConfig, 'middleware'>>(permission: Permission, config: R) {
  const bodyOptional = config.request?.body !== undefined && config.request.body.required !== true
  const post = config.method === 'post'
  // A route that takes no query parameters refuses any, as the others refuse one they do not take.
  const request = { ...config.request, query: config.request?.query ?? noQuery, ...(post ? { headers: idempotencyHeader } : {}) }
  return createRoute({
    tags: ['executions'],
    ...config,
    // Every POST takes an Idempotency-Key (the middleware in createRestApp honours it).
    request,
    // Admitted first: a retry is answered only to whom the route would still let in.
    middleware: [admit(permission), ...(bodyOptional ? [emptyBodyIsNoOptions] : []), ...(post ? [idempotent] : [])],
    responses: { ...errors, ...(post ? { 422: json(errorResponseSchema, 'An Idempotency-Key already used for another request') } : {}), ...config.responses },
  } as R & { middleware: MiddlewareHandler[] })
}

/**
 * An empty body means "no options" on routes whose body is optional, whatever its content type:
 * curl with a JSON header and generic fetch wrappers send exactly that. (The route's validator
 * would otherwise parse the empty text as JSON and refuse it.)
 */
async function emptyBodyIsNoOptions(c: Context, next: () => Promise<void>) {
  const raw = c.req.raw
  if (raw.method !== 'POST') return next()
  let text: string
  try {
    text = raw.body === null ? '' : await raw.clone().text()
  } catch {
    throw new ServiceError('BAD_REQUEST', 'body: the connection closed before the body was read', 'body')
  }
  if (text.trim() === '') {
    const headers = new Headers(raw.headers)
    headers.set('content-type', 'application/json')
    headers.delete('content-length')
    c.req.raw = new Request(raw, { body: '{}', headers })
  }
  await next()
}
