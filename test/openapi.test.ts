// The OpenAPI document as a client generator reads it: every operation named, summarised and
// answering every status the front door can give; servers, the API key's scheme, the watch
// stream, request bodies exactly as accepted; and Redocly's linter finds no error in it.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRestServer } from './helpers'

type Operation = {
  operationId?: string
  summary?: string
  responses: Record<string, { headers?: Record<string, unknown>; content?: Record<string, unknown> }>
  requestBody?: unknown
}
type Doc = {
  servers?: { url: string }[]
  security?: unknown[]
  paths: Record<string, Record<string, Operation>>
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> }
}

let api: Awaited<ReturnType<typeof startRestServer>>
let doc: Doc
beforeAll(async () => {
  api = await startRestServer()
  doc = (await (await fetch(`${api.base}/openapi.json`)).json()) as Doc
})
afterAll(() => api.close())

const operations = () => Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, op })))

describe('the OpenAPI document', () => {
  it('names and summarises every operation once, and says where the console is and how to authenticate', () => {
    const ids = operations().map(({ route, op }) => {
      expect(op.operationId, route).toMatch(/^[a-z][A-Za-z]+$/)
      expect(op.summary, route).toBeTruthy()
      return op.operationId
    })
    expect(new Set(ids).size).toBe(ids.length)
    expect(doc.servers?.[0]?.url).toBe(api.origin)
    expect(doc.security).toEqual([{ apiKey: [] }])
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' })
  })

  it('lists every status the front door answers, and Retry-After with a 429', () => {
    for (const { route, op } of operations()) {
      for (const status of ['400', '401', '403', '404', '413', '415', '429']) expect(Object.keys(op.responses), route).toContain(status)
      expect(op.responses['429']!.headers, route).toHaveProperty('Retry-After')
    }
  })

  it('documents the watch stream and bodies as they are accepted', () => {
    const watch = doc.paths['/api/executions/{id}/watch']!.get!
    expect(Object.keys(watch.responses['200']!.content!)).toEqual(['text/event-stream'])
    expect(doc.components.schemas).toHaveProperty('WatchMessage')
    // A log POST: { logs }, an array of lines, or one line.
    const logBody = JSON.stringify(doc.paths['/api/executions/{id}/logs']!.post!.requestBody)
    expect(logBody).toContain('"anyOf"')
    expect(logBody).toContain('"type":"array"')
    // order and service: an id, or an object with its $id.
    const create = doc.components.schemas.CreateExecution as { properties: Record<string, { anyOf?: unknown[] }> }
    for (const field of ['order', 'service']) expect(JSON.stringify(create.properties[field]), field).toContain('"$id"')
  })

  it('passes Redocly lint with no errors', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'openapi-')), 'openapi.json')
    writeFileSync(file, JSON.stringify(doc))
    // Exit code 1 when it finds errors; the JSON report on standard output says which.
    const run = spawnSync(process.execPath, [require.resolve('@redocly/cli/bin/cli.js'), 'lint', file, '--format=json'], {
      encoding: 'utf8',
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    })
    const { totals, problems } = JSON.parse(run.stdout) as { totals: { errors: number }; problems: { ruleId: string; severity: string; message: string }[] }
    expect(problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId}: ${p.message}`)).toEqual([])
    expect(totals.errors).toBe(0)
  })
})
