// A client generated from /api/openapi.json by the usual tools — openapi-typescript for the
// types, openapi-fetch for the calls — compiles strict against the document and drives seed
// 001's flow; every answer it gets, success or refusal, validates against the document's schema
// for its status (Ajv, JSON Schema 2020-12, which OpenAPI 3.1 schemas are).
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import type { Middleware } from 'openapi-fetch'
import openapiTS, { astToString } from 'openapi-typescript'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRestServer } from './helpers'

type Doc = { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>> }
let api: Awaited<ReturnType<typeof startRestServer>>
let doc: Doc
const root = resolve(import.meta.dirname, '..')
const generated = join(root, 'test/.generated')

beforeAll(async () => {
  api = await startRestServer()
  doc = (await (await fetch(`${api.base}/openapi.json`)).json()) as Doc
})
afterAll(() => api.close())

/** The flow, as an integrator writes it against the generated types (compiled below, run here). */
const FLOW = `import createClient, { type Middleware } from 'openapi-fetch'
import type { paths } from './api'

export async function flow(baseUrl: string, headers: Record<string, string>, middleware: Middleware) {
  const client = createClient<paths>({ baseUrl, headers })
  client.use(middleware)
  const created = await client.POST('/api/executions', { body: { service: 'sdr-service', order: { $id: 'order-generated' }, steps: [{ id: 'research' }, { id: 'send' }], tags: ['generated'] } })
  if (!created.data) throw new Error('create refused')
  const id = created.data.$id
  const params = { path: { id } }
  await client.POST('/api/executions/{id}/start', { params, body: {} })
  await client.PUT('/api/executions/{id}', { params, body: { progress: 40 } })
  await client.POST('/api/executions/{id}/logs', { params, body: { level: 'info', message: 'one line' } })
  await client.POST('/api/executions/{id}/logs', { params, body: [{ level: 'warn', message: 'a batch' }] })
  await client.POST('/api/executions/{id}/metrics', { params, body: { tokensUsed: 10, cost: 0.01 } })
  await client.POST('/api/executions/{id}/steps', { params, body: { id: 'research' } })
  await client.POST('/api/executions/{id}/steps/{stepId}/complete', { params: { path: { id, stepId: 'research' } }, body: { output: { found: 3 } } })
  const got = await client.GET('/api/executions/{id}', { params })
  await client.GET('/api/executions/{id}/logs', { params: { path: { id }, query: { level: ['warn'] } } })
  await client.GET('/api/executions/{id}/steps', { params })
  await client.GET('/api/executions/{id}/events', { params })
  await client.GET('/api/executions/{id}/metrics', { params })
  await client.GET('/api/executions', { params: { query: { tag: ['generated'], status: ['running'] } } })
  await client.GET('/api/services/{id}', { params: { path: { id: 'sdr-service' } } })
  await client.GET('/api/orders/{id}', { params: { path: { id: 'order-generated' } } })
  const done = await client.POST('/api/executions/{id}/complete', { params, body: { success: true, output: null, summary: 'generated' } })
  const refused = await client.POST('/api/executions/{id}/pause', { params, body: {} })
  const missing = await client.GET('/api/executions/{id}', { params: { path: { id: 'exec_missing' } } })
  const invalid = await client.POST('/api/executions', { body: { service: '' } })
  // The engine's side: definitions, a worker and task instances, typed field by field.
  await client.POST('/api/task-definitions', { body: { id: 'generated-task', version: '1.0.0', name: 'Generated', timeout: 1_000 } })
  await client.POST('/api/workflow-templates', { body: { id: 'generated-flow', name: 'Generated', service: 'sdr-service', steps: [{ id: 'only', type: 'task', task: 'generated-task' }] } })
  const templates = await client.GET('/api/workflow-templates', { params: { query: { id: 'generated-flow' } } })
  await client.GET('/api/task-definitions', { params: { query: { latest: 'true' } } })
  await client.POST('/api/workers', { body: { name: 'generated-worker', version: '1.0.0', tasks: [{ task: 'generated-task' }], concurrency: 1 } })
  const workers = await client.GET('/api/workers')
  const tasks = await client.GET('/api/tasks', { params: { query: { task: 'generated-task' } } })
  return {
    templates: templates.data?.map((t) => t.id),
    workers: workers.data?.filter((w) => w.name === 'generated-worker').map((w) => \`\${w.name.toUpperCase()} \${w.tasks.map((t) => t.task).join()} \${w.live}\`),
    tasks: tasks.data?.map((t) => t.status.toLowerCase() + t.executionMetadata.startTime),
    progress: got.data?.progress,
    completed: done.data?.status,
    refused: refused.error?.error.message,
    missing: missing.response.status,
    invalid: invalid.error?.error.field,
  }
}
`

describe('a client generated from the OpenAPI document', () => {
  it('compiles strict against it, and every answer it gets validates against the schema for its status', async () => {
    mkdirSync(generated, { recursive: true })
    writeFileSync(join(generated, 'api.ts'), astToString(await openapiTS(doc as never)))
    writeFileSync(join(generated, 'flow.ts'), FLOW)
    execFileSync(
      process.execPath,
      [
        join(root, 'node_modules/typescript/bin/tsc'),
        '--noEmit',
        '--strict',
        '--target',
        'es2022',
        '--module',
        'esnext',
        '--moduleResolution',
        'bundler',
        '--lib',
        'es2022,dom',
        join(generated, 'flow.ts'),
      ],
      { stdio: 'pipe' },
    )

    const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false })
    ajv.addSchema(doc, 'openapi')
    const checked: string[] = []
    const invalid: string[] = []
    const validate: Middleware = {
      async onResponse({ request, response, schemaPath }) {
        const method = request.method.toLowerCase()
        const status = String(response.status)
        const declared = doc.paths[`${schemaPath}`]?.[method]?.responses[status]
        const label = `${request.method} ${schemaPath} ${status}`
        if (!declared?.content?.['application/json']) {
          invalid.push(`${label}: not in the document`)
          return
        }
        const pointer = `openapi#/paths/${schemaPath.replaceAll('~', '~0').replaceAll('/', '~1')}/${method}/responses/${status}/content/application~1json/schema`
        const check = ajv.getSchema(pointer)!
        if (!check(await response.clone().json())) invalid.push(`${label}: ${ajv.errorsText(check.errors)}`)
        checked.push(label)
      },
    }
    // The compiled flow, run with the validating middleware on every call.
    const { flow } = (await import(join(generated, 'flow.ts'))) as {
      flow: (baseUrl: string, headers: Record<string, string>, middleware: Middleware) => Promise<Record<string, unknown>>
    }
    const outcome = await flow(api.origin, api.admin, validate)
    // The progress the service reported (40) stands: completing a step (1 of 2) does not recompute it.
    expect(outcome).toEqual({
      progress: 40,
      completed: 'completed',
      refused: expect.stringContaining('cannot pause'),
      missing: 404,
      invalid: 'service',
      templates: ['generated-flow@1'],
      workers: ['GENERATED-WORKER generated-task true'],
      tasks: [],
    })
    expect(invalid).toEqual([])
    expect(checked.length).toBeGreaterThanOrEqual(20)
    expect(checked.some((c) => c.endsWith(' 409'))).toBe(true)
    // (tsc over the generated client takes 25–30 s on a busy two-core machine: more than the default 30 s budget leaves.)
  }, 120_000)
})
