// Recovery strategies at run time over REST (seed 002's addRecoveryStrategy /
// removeRecoveryStrategy; domain/recovery.ts): list, add, change, remove. `{id}` is the console's
// id or the id the strategy was registered with. Members read; changes need `operate` (as a
// workflow template's registration does): a viewer or a read key is refused (403), another
// organisation's strategy does not exist (404).
import type { OpenAPIHono } from '@hono/zod-openapi'
import { z } from 'zod'
import { recoveryStrategyInputSchema, recoveryStrategyPatchSchema, recoveryStrategySchema } from '../domain/recovery'
import { queryStringSchema } from './query-string'
import { body, idParam, json, ok, route, type Env } from './routes'

/** A key is unique in its organisation only: a member of several says which when two use it (else 409). */
const whichOrganization = queryStringSchema(
  z.object({
    organizationId: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe('When {id} is a key that several of your organisations use (answered 409 naming them): the organisation whose strategy is meant'),
  }),
)

export function registerRecoveryRoutes(app: OpenAPIHono<Env>) {
  app.openapi(
    route('read', {
      method: 'get',
      path: '/recovery-strategies',
      operationId: 'listRecoveryStrategies',
      tags: ['recovery'],
      summary: "Your organisations' recovery strategies, by priority, with how often each was applied",
      responses: ok(z.array(recoveryStrategySchema), 'RecoveryStrategies'),
    }),
    async (c) => c.json(c.get('scope').recovery.list(), 200),
  )
  app.openapi(
    route('operate', {
      method: 'post',
      path: '/recovery-strategies',
      operationId: 'addRecoveryStrategy',
      tags: ['recovery'],
      summary:
        "Register a recovery strategy for error codes: RETRY (retry: maxRetries, retryInterval, backoffMultiplier, maxRetryInterval), SKIP, FALLBACK (fallback.workflow, or fallback.task with optional taskVersion and input), ABORT or CHECKPOINT_RESTORE (restore.checkpoint: latest or a step id); the engine and supervision apply it to failed steps of your executions instead of the step's own retry policy",
      request: body(recoveryStrategyInputSchema),
      responses: { 201: json(recoveryStrategySchema, 'The strategy, registered') },
    }),
    async (c) => c.json(c.get('scope').recovery.add(c.req.valid('json')), 201),
  )
  app.openapi(
    route('read', {
      method: 'get',
      path: '/recovery-strategies/{id}',
      operationId: 'getRecoveryStrategy',
      tags: ['recovery'],
      summary: 'One recovery strategy, by its id or the id it was registered with (a key several of your organisations use: 409, unless organizationId says which)',
      request: { params: idParam, query: whichOrganization },
      responses: ok(recoveryStrategySchema, 'RecoveryStrategy'),
    }),
    async (c) => c.json(c.get('scope').recovery.get(c.req.valid('param').id, c.req.valid('query').organizationId), 200),
  )
  app.openapi(
    route('operate', {
      method: 'patch',
      path: '/recovery-strategies/{id}',
      operationId: 'updateRecoveryStrategy',
      tags: ['recovery'],
      summary: "Change a recovery strategy's fields (enable or disable it, its codes, type and parameters, scope, priority); null clears an optional field",
      request: { params: idParam, query: whichOrganization, ...body(recoveryStrategyPatchSchema) },
      responses: ok(recoveryStrategySchema, 'The strategy as changed'),
    }),
    async (c) => c.json(c.get('scope').recovery.update(c.req.valid('param').id, c.req.valid('json'), c.req.valid('query').organizationId), 200),
  )
  app.openapi(
    route('operate', {
      method: 'delete',
      path: '/recovery-strategies/{id}',
      operationId: 'removeRecoveryStrategy',
      tags: ['recovery'],
      summary: 'Remove a recovery strategy (removeRecoveryStrategy); what it already did stays on the executions’ timelines',
      request: { params: idParam, query: whichOrganization },
      responses: ok(recoveryStrategySchema, 'The strategy removed'),
    }),
    async (c) => c.json(c.get('scope').recovery.remove(c.req.valid('param').id, c.req.valid('query').organizationId), 200),
  )
}
